import assert from "node:assert/strict";
import { inKernel, orderCellResults, sendToFrontEnd } from "../../lib/notebook/kernel_messages.ts";
import { displayNow, jupyterDisplay } from "../../lib/notebook/jupyter_display.ts";

Deno.test("outside the Jupyter kernel, nothing is sent and the kernel is left alone", async () => {
  assert.equal(inKernel(), false);
  assert.equal(await sendToFrontEnd("display_data", { data: {} }), false);
  assert.equal(orderCellResults(), false);
  assert.equal(await displayNow({ [jupyterDisplay]: () => ({ "text/plain": "x" }) }), false);
});
