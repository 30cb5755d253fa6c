#!/usr/bin/python3
"""A direct transfer as ostflow's jobs run it, written plainly in PyTorch: the yardstick for
`ostflow train --from` (bench/transfer).

The recipe of bench/recipe_reference.py (same data handling, network, loss, optimiser, schedule and
evaluation). Pre-train the whole network on the source's first N cases for P steps; evaluate that
model on the target's evaluation cases (the incoming Dice); then fine-tune on the target's training
cases for T steps with a fresh Adam and poly decay: the decoder and head only (the encoder frozen,
scope "decoder") or every layer (scope "whole-network", rate times RATE); with --new-head the
head is re-initialised first. Prints one JSON line.

Run: /usr/bin/python3 bench/transfer_reference.py SOURCE_DIR SRC_MODALITY SRC_OBJECTIVE SRC_CASES
        TARGET_DIR MODALITY OBJECTIVE TRAIN EVAL PRETRAIN_STEPS STEPS SEED [SCOPE] [RATE] [--new-head]
"""
import json
import sys
import time

import numpy as np
import torch

import recipe_reference as ref


def labelled(root, modality, objective):
    meta = json.load(open(f"{root}/dataset.json"))
    channel = int(next(k for k, v in meta["channel_names"].items() if v.lower() == modality.lower()))
    label = next(v for k, v in meta["labels"].items() if k.lower() == objective.lower())
    ending = meta["file_ending"]
    import os
    ids = sorted(f[:-len(ending)] for f in os.listdir(os.path.join(root, "labelsTr")) if f.endswith(ending))
    return ids, lambda c: ref.load_case(root, c, channel, label, ending)


def train(net, params, cases, steps, lr, rng):
    fg = [np.argwhere(m > 0) for _, m, _ in cases]
    opt = torch.optim.Adam(params, lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (1 - s / steps) ** 0.9)
    net.train()
    for _ in range(steps):
        x, y = ref.batch(cases, fg, rng)
        opt.zero_grad()
        ref.loss_fn(net(x), y).backward()
        torch.nn.utils.clip_grad_norm_(params, 12)
        opt.step()
        sched.step()


def evaluate(net, cases):
    net.eval()
    dice = []
    for img, msk, outside in cases:
        pred = ref.predict(net, img) > 0
        truth = msk > 0.5
        tp, fp = int((pred & truth).sum()), int((pred & ~truth).sum())
        fn = int((~pred & truth).sum()) + outside
        dice.append(1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(dice))


def main():
    args = [a for a in sys.argv[1:] if a != "--new-head"]
    new_head = "--new-head" in sys.argv
    (src_root, src_modality, src_objective, src_n, root, modality, objective, n_train, n_eval,
     pretrain_steps, steps, seed) = args[:12]
    scope = args[12] if len(args) > 12 else "decoder"
    rate = float(args[13]) if len(args) > 13 else 1.0
    seed, steps, pretrain_steps = int(seed), int(steps), int(pretrain_steps)
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    src_ids, src_load = labelled(src_root, src_modality, src_objective)
    ids, load = labelled(root, modality, objective)
    source = [src_load(c) for c in src_ids[:int(src_n)]]
    training = [load(c) for c in ids[:int(n_train)]]
    held_out = [load(c) for c in ids[int(n_train):int(n_train) + int(n_eval)]]
    net = ref.UNet()
    train(net, list(net.parameters()), source, pretrain_steps, 3e-3, rng)
    incoming = evaluate(net, held_out)
    if new_head and src_objective.lower() != objective.lower():
        net.head.reset_parameters()
    if scope == "decoder":
        for p in net.enc.parameters():
            p.requires_grad_(False)
        params = [p for p in net.parameters() if p.requires_grad]
    else:
        params = list(net.parameters())
    train(net, params, training, steps, 3e-3 * rate, rng)
    print(json.dumps({"dice": evaluate(net, held_out), "incomingDice": incoming,
                      "seconds": time.perf_counter() - start, "scope": scope, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
