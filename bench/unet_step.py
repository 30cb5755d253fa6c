#!/usr/bin/python3
"""The trainer-worker's default U-Net in PyTorch, for the step-time comparison.

Same architecture as io.ostflow.trainer.model.UNet: per level two conv3-BatchNorm-LeakyReLU
blocks, max-pooling down, nearest upsampling then conv3 up, skip concatenation, 1-wide head; Dice +
BCE loss; Adam at 0.01; batch 2 of 1x64x64 slices (2d) or 1x32x32x32 patches (3d); one intra-op
thread, as the trainer runs on 2 cores.
Run: /usr/bin/python3 bench/unet_step.py [steps] [2d|3d]   (Debian's python3-torch)
"""
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def block(dims, cin, cout):
    conv = nn.Conv2d if dims == 2 else nn.Conv3d
    norm = nn.BatchNorm2d if dims == 2 else nn.BatchNorm3d
    return nn.Sequential(
        conv(cin, cout, 3, padding=1), norm(cout), nn.LeakyReLU(0.01),
        conv(cout, cout, 3, padding=1), norm(cout), nn.LeakyReLU(0.01))


class UNet(nn.Module):
    def __init__(self, dims=2, levels=3, base=16):
        super().__init__()
        conv = nn.Conv2d if dims == 2 else nn.Conv3d
        self.pool = F.max_pool2d if dims == 2 else F.max_pool3d
        chans = [base << l for l in range(levels)]
        self.encoders = nn.ModuleList(block(dims, 1 if l == 0 else chans[l - 1], chans[l]) for l in range(levels))
        self.ups = nn.ModuleList(conv(chans[l + 1], chans[l], 3, padding=1) for l in range(levels - 1))
        self.decoders = nn.ModuleList(block(dims, 2 * chans[l], chans[l]) for l in range(levels - 1))
        self.head = conv(chans[0], 1, 1)

    def forward(self, x):
        skips = []
        for l, enc in enumerate(self.encoders):
            x = enc(x)
            skips.append(x)
            if l < len(self.encoders) - 1:
                x = self.pool(x, 2)
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
    dims = 3 if len(sys.argv) > 2 and sys.argv[2] == "3d" else 2
    shape = (64, 64) if dims == 2 else (32, 32, 32)
    torch.set_num_threads(1)
    torch.manual_seed(1)
    net = UNet(dims)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    x = torch.randn(2 * steps, 1, *shape)
    y = (torch.rand(2 * steps, 1, *shape) < 0.1).float()

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
    size = "x".join(map(str, shape))
    print(f"PyTorch {torch.__version__} from Python, CPU, batch 2, {size}: {ms:.1f} ms per step ({steps} steps), peak RSS {rss} MB")


if __name__ == "__main__":
    main()
