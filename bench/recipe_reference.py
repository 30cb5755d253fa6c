#!/usr/bin/python3
"""The trainer-worker's default recipe written in PyTorch, as a yardstick for `ostflow train`.

Same data handling and network as io.ostflow.trainer (docs/trainer.md): each case cropped to the
bounding box of its non-zero voxels and z-scored over them; per step a fresh batch of 64x64 axial
patches at random positions of random cases (zero-padded where a case is smaller), the last third
of the batch centred on a random objective voxel; mirroring along x and y (p 0.5 each) and
brightness (p 0.15, x0.75-1.25); a 2-D U-Net with 4 levels, 16 base channels, conv3-InstanceNorm-
LeakyReLU(0.01) blocks, max-pooling, nearest upsampling then conv3; soft Dice (whole batch) + BCE;
Adam at 3e-3 with poly decay (exponent 0.9); evaluation by whole-slice windows with test-time
mirroring, Dice and IoU at the case's own grid (objective voxels outside the crop count as missed).
Like the default recipe, it leaves out nnU-Net's rotation, scaling, noise, blur, contrast and gamma.

Run: /usr/bin/python3 bench/recipe_reference.py DIR MODALITY OBJECTIVE TRAIN EVAL [STEPS] [SEED]
(Debian's python3-torch and python3-nibabel; one intra-op thread). Prints one JSON line.
"""
import json
import os
import sys
import time

import nibabel as nib
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PATCH = 64
BATCH = 8


def load_case(root, case, channel, label, ending):
    image = np.asarray(nib.load(os.path.join(root, "imagesTr", f"{case}_{channel:04d}{ending}")).dataobj, dtype=np.float64)
    labels = np.asarray(nib.load(os.path.join(root, "labelsTr", f"{case}{ending}")).dataobj)
    nonzero = np.argwhere(image != 0)
    lo, hi = nonzero.min(0), nonzero.max(0) + 1
    crop = tuple(slice(a, b) for a, b in zip(lo, hi))
    img = image[crop]
    mask = (labels == label)
    outside = int(mask.sum() - mask[crop].sum())
    values = img[img != 0]
    img = np.where(img != 0, (img - values.mean()) / max(values.std(), 1e-6), 0).astype(np.float32)
    # nibabel gives x, y, z; slices are taken along z, patches in (y, x) as the Java tensors are
    return img.transpose(2, 1, 0).copy(), mask[crop].transpose(2, 1, 0).astype(np.float32), outside


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1), nn.InstanceNorm2d(cout, affine=True), nn.LeakyReLU(0.01),
        nn.Conv2d(cout, cout, 3, padding=1), nn.InstanceNorm2d(cout, affine=True), nn.LeakyReLU(0.01))


class UNet(nn.Module):
    def __init__(self, levels=4, base=16):
        super().__init__()
        ch = [base << l for l in range(levels)]
        self.enc = nn.ModuleList(block(1 if l == 0 else ch[l - 1], ch[l]) for l in range(levels))
        self.up = nn.ModuleList(nn.Conv2d(ch[l + 1], ch[l], 3, padding=1) for l in range(levels - 1))
        self.dec = nn.ModuleList(block(2 * ch[l], ch[l]) for l in range(levels - 1))
        self.head = nn.Conv2d(ch[0], 1, 1)

    def forward(self, x):
        skips = []
        for l, enc in enumerate(self.enc):
            x = enc(x)
            skips.append(x)
            if l < len(self.enc) - 1:
                x = F.max_pool2d(x, 2)
        for l in reversed(range(len(self.up))):
            x = self.up[l](F.interpolate(x, scale_factor=2, mode="nearest"))
            x = self.dec[l](torch.cat([x, skips[l]], 1))
        return self.head(x)


def cut(volume, z, y0, x0):
    out = np.zeros((PATCH, PATCH), np.float32)
    sl = volume[z]
    ys, xs = max(0, y0), max(0, x0)
    ye, xe = min(sl.shape[0], y0 + PATCH), min(sl.shape[1], x0 + PATCH)
    out[ys - y0:ye - y0, xs - x0:xe - x0] = sl[ys:ye, xs:xe]
    return out


def corner(size, rng, centre=None):
    lo, hi = min(0, size - PATCH), max(0, size - PATCH)
    if centre is None:
        return int(rng.integers(lo, hi + 1))
    return int(min(hi, max(lo, centre - PATCH // 2)))


def batch(cases, fg, rng):
    images, masks = [], []
    forced_from = round(BATCH * (1 - 0.33))
    for b in range(BATCH):
        forced = b >= forced_from
        pool = [i for i in range(len(cases)) if len(fg[i])] if forced else range(len(cases))
        c = int(rng.choice(list(pool)))
        img, msk, _ = cases[c]
        if forced:
            z, y, x = fg[c][rng.integers(len(fg[c]))]
            y0, x0 = corner(img.shape[1], rng, y), corner(img.shape[2], rng, x)
        else:
            z = int(rng.integers(img.shape[0]))
            y0, x0 = corner(img.shape[1], rng), corner(img.shape[2], rng)
        i, m = cut(img, z, y0, x0), cut(msk, z, y0, x0)
        for axis in (0, 1):
            if rng.random() < 0.5:
                i, m = np.flip(i, axis), np.flip(m, axis)
        if rng.random() < 0.15:
            i = i * rng.uniform(0.75, 1.25)
        images.append(i.copy())
        masks.append(m.copy())
    return torch.from_numpy(np.stack(images)[:, None]), torch.from_numpy(np.stack(masks)[:, None])


def loss_fn(logits, target):
    p = torch.sigmoid(logits)
    dice = 1 - (2 * (p * target).sum() + 1) / (p.sum() + target.sum() + 1)
    return dice + F.binary_cross_entropy_with_logits(logits, target)


@torch.no_grad()
def predict(net, img):
    out = np.zeros(img.shape, np.float32)
    for z in range(img.shape[0]):
        # one window per slice, centred (the phantom's crops are smaller than the patch)
        y0, x0 = -((PATCH - img.shape[1]) // 2), -((PATCH - img.shape[2]) // 2)
        x = torch.from_numpy(cut(img, z, y0, x0))[None, None]
        logits = sum(torch.flip(net(torch.flip(x, dims)), dims) for dims in ([], [2], [3], [2, 3])) / 4
        sl = logits[0, 0].numpy()
        ys, xs = max(0, y0), max(0, x0)
        ye, xe = min(img.shape[1], y0 + PATCH), min(img.shape[2], x0 + PATCH)
        out[z, ys:ye, xs:xe] = sl[ys - y0:ye - y0, xs - x0:xe - x0]
    return out


def main():
    root, modality, objective, n_train, n_eval = sys.argv[1:6]
    steps = int(sys.argv[6]) if len(sys.argv) > 6 else 1000
    seed = int(sys.argv[7]) if len(sys.argv) > 7 else 42
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    meta = json.load(open(os.path.join(root, "dataset.json")))
    channel = int(next(k for k, v in meta["channel_names"].items() if v.lower() == modality.lower()))
    label = next(v for k, v in meta["labels"].items() if k.lower() == objective.lower())
    ending = meta["file_ending"]
    ids = sorted(f[:-len(ending)] for f in os.listdir(os.path.join(root, "labelsTr")) if f.endswith(ending))
    train_ids, eval_ids = ids[:int(n_train)], ids[int(n_train):int(n_train) + int(n_eval)]
    start = time.perf_counter()
    cases = [load_case(root, c, channel, label, ending) for c in train_ids]
    fg = [np.argwhere(m > 0) for _, m, _ in cases]
    net = UNet()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: (1 - s / steps) ** 0.9)
    for _ in range(steps):
        x, y = batch(cases, fg, rng)
        opt.zero_grad()
        loss_fn(net(x), y).backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 12)
        opt.step()
        sched.step()
    net.eval()
    per_case = {}
    for c in eval_ids:
        img, msk, outside = load_case(root, c, channel, label, ending)
        pred = predict(net, img) > 0
        truth = msk > 0.5
        tp, fp = int((pred & truth).sum()), int((pred & ~truth).sum())
        fn = int((~pred & truth).sum()) + outside
        total = tp + fp + fn
        per_case[c] = {"dice": 1.0 if total == 0 else 2 * tp / (2 * tp + fp + fn),
                       "iou": 1.0 if total == 0 else tp / total}
    print(json.dumps({
        "dice": float(np.mean([m["dice"] for m in per_case.values()])),
        "iou": float(np.mean([m["iou"] for m in per_case.values()])),
        "cases": per_case,
        "seconds": time.perf_counter() - start,
        "torch": torch.__version__}))


if __name__ == "__main__":
    main()
