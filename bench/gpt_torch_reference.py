"""PyTorch CPU reference for `deno task bench` (bench/gpt_throughput.ts): the same character GPT
(pre-norm blocks, per-head q/k/v without bias, ReLU MLP 4C, final LayerNorm, linear head with
bias), AdamW with the same settings, random tokens. A line protocol, so the benchmark can
alternate PyTorch and our runs: the first line printed is {"torch": version}; each stdin line
{"seconds": s} is answered by {"steps_per_s": ...} over about s seconds of steps.
A reference only: the project never depends on torch."""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

cfg = json.loads(sys.argv[1])
torch.manual_seed(0)
torch.set_num_threads(int(cfg.get("threads", 2)))
V, L, H, C, T, B = (cfg[k] for k in ("vocab", "layers", "heads", "width", "context", "batch"))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(C), nn.LayerNorm(C)
        self.qkv = nn.Linear(C, 3 * C, bias=False)
        self.proj = nn.Linear(C, C)
        self.fc, self.fc2 = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q, k, v = (z.view(b, t, H, C // H).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(y.transpose(1, 2).reshape(b, t, C))
        return x + self.fc2(F.relu(self.fc(self.ln2(x))))


class Gpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
        self.blocks = nn.Sequential(*[Block() for _ in range(L)])
        self.lnf, self.head = nn.LayerNorm(C), nn.Linear(C, V)

    def forward(self, idx, targets):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        logits = self.head(self.lnf(self.blocks(x)))
        return F.cross_entropy(logits.view(-1, V), targets.view(-1))


model = Gpt()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.99), weight_decay=0.1)
idx = torch.randint(V, (B, T))
tgt = torch.randint(V, (B, T))


def step():
    loss = model(idx, tgt)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()


for _ in range(3):
    step()
print(json.dumps({"torch": torch.__version__}), flush=True)
for line in sys.stdin:
    seconds = json.loads(line)["seconds"]
    n, start = 0, time.perf_counter()
    while n < 2 or time.perf_counter() - start < seconds:
        step()
        n += 1
    print(json.dumps({"steps_per_s": n / (time.perf_counter() - start)}), flush=True)
