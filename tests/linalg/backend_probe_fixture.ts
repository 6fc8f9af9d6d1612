// Prints the chosen backend and the eigenvalues of [[2, 1], [1, 2]] as one JSON line, after the
// backend's own one-line report. Run by backend_selection_test.ts under various permissions.
import * as L from "../../lib/linalg/mod.ts";

const a = L.DenseMatrix.fromRows([[2, 1], [1, 2]]);
console.log(JSON.stringify({ name: L.linalgBackendName(), values: Array.from(L.eigvalsh(a)) }));
