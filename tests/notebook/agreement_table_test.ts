import assert from "node:assert/strict";
import { jupyterDisplay } from "../../lib/notebook/jupyter_display.ts";
import { assertAgreement, atMost, within } from "../../lib/notebook/agreement.ts";
import { table } from "../../lib/notebook/table.ts";

Deno.test("agreement checks pass within tolerance and fail loudly outside, NaN included", () => {
  assert.match(
    assertAgreement([within("mean", 1.01, 1, 0.02), atMost("ks", 0.01, 0.03)]),
    /ok {3}mean/,
  );
  assert.throws(
    () => assertAgreement([within("mean", 1.1, 1, 0.02)]),
    /disagree in 1 check\(s\):\nFAIL mean/,
  );
  assert.throws(() => assertAgreement([atMost("ks", NaN, 0.03)]), /FAIL ks/);
});

Deno.test("agreement checks: an interactive session reports failures instead of throwing", () => {
  // outside the Jupyter kernel (here) failures always throw
  assert.throws(() => assertAgreement([within("mean", 1.1, 1, 0.02)]), /disagree/);
  const report = assertAgreement(
    [within("mean", 1.1, 1, 0.02), atMost("ks", 0.01, 0.03)],
    { throwOnFailure: false },
  );
  assert.match(report, /^1 of 2 check\(s\) do not hold in this run\. If you changed a parameter/);
  assert.match(report, /FAIL mean: \|1\.1 − 1\| = 0\.1 ≤ 0\.02/);
  assert.match(report, /ok {3}ks/);
});

Deno.test("table displays as HTML and aligned text", () => {
  const t = table([{ a: 1.23456, b: "x<y" }, { a: 2 }]);
  const bundle = t[jupyterDisplay]();
  assert.match(bundle["text/html"], /<td>1.235<\/td><td>x&lt;y<\/td>/);
  assert.equal(String(t).split("\n").length, 3);
});
