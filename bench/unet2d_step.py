#!/usr/bin/env python3
"""The trainer-worker's default 2-D U-Net in PyTorch, for the step-time comparison.

Same architecture as io.ostflow.trainer.model.UNet2d: per level two conv3x3-BatchNorm-LeakyReLU
blocks, max-pooling down, nearest upsampling then conv3x3 up, skip concatenation, 1x1 head; Dice +
BCE loss; Adam at 0.01; batch 2 of 1x64x64; one intra-op thread, as the trainer runs on 2 cores.
Run: python3 bench/unet2d_step.py [steps]   (Debian's python3-torch)
"""
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.LeakyReLU(0.01),
        nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.LeakyReLU(0.01))


class UNet2d(nn.Module):
    def __init__(self, levels=3, base=16):
        super().__init__()
        chans = [base << l for l in range(levels)]
        self.encoders = nn.ModuleList(block(1 if l == 0 else chans[l - 1], chans[l]) for l in range(levels))
        self.ups = nn.ModuleList(nn.Conv2d(chans[l + 1], chans[l], 3, padding=1) for l in range(levels - 1))
        self.decoders = nn.ModuleList(block(2 * chans[l], chans[l]) for l in range(levels - 1))
        self.head = nn.Conv2d(chans[0], 1, 1)

    def forward(self, x):
        skips = []
        for l, enc in enumerate(self.encoders):
            x = enc(x)
            skips.append(x)
            if l < len(self.encoders) - 1:
                x = F.max_pool2d(x, 2)
        for l in reversed(range(len(self.ups))):
            x = self.ups[l](F.interpolate(x, scale_factor=2, mode="nearest"))
            x = self.decoders[l](torch.cat([x, skips[l]], 1))
        return self.head(x)


def loss_fn(logits, target):
    p = torch.sigmoid(logits)
    dice = 1 - (2 * (p * target).sum() + 1) / (p.sum() + target.sum() + 1)
    return dice + F.binary_cross_entropy_with_logits(logits, target)


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    torch.set_num_threads(1)
    torch.manual_seed(1)
    net = UNet2d()
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    x = torch.randn(2 * steps, 1, 64, 64)
    y = (torch.rand(2 * steps, 1, 64, 64) < 0.1).float()

    def step(i):
        opt.zero_grad()
        loss = loss_fn(net(x[2 * i:2 * i + 2]), y[2 * i:2 * i + 2])
        loss.backward()
        opt.step()

    for i in range(20):
        step(i)
    start = time.perf_counter()
    for i in range(steps):
        step(i)
    ms = (time.perf_counter() - start) * 1000 / steps
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"PyTorch {torch.__version__} from Python, CPU, batch 2, 64x64: {ms:.1f} ms per step ({steps} steps), peak RSS {rss} MB")


if __name__ == "__main__":
    main()
