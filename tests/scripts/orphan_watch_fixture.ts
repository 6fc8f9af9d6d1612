// Child of the orphan-watch test: starts a long-running grandchild, watches for orphaning, and on
// it stops the grandchild and writes a marker file (Deno.args[0]) naming the grandchild's pid.
import { watchForOrphaning } from "../../scripts/orphan_watch.ts";

const marker = Deno.args[0];
const grandchild = new Deno.Command("sleep", { args: ["60"] }).spawn();
await Deno.writeTextFile(`${marker}.started`, String(grandchild.pid));
watchForOrphaning(async () => {
  grandchild.kill("SIGKILL");
  await grandchild.status;
  await Deno.writeTextFile(marker, String(grandchild.pid));
}, 100);
await grandchild.status;
