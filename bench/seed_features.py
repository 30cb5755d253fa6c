#!/usr/bin/python3
"""The seed method's feature step, in Python as its authors ran it, for the same-run ratio of
docs/benchmarks.md ("Fingerprints against the seed's feature step").

Per training case of every site of a phantom written by `ostflow generate`: every channel resized
to G^3 with skimage (order 1, anti-aliasing), seen as a (G*G, G) matrix, PCA by scikit-learn keeping
the fewest components above 75 % explained variance, the scores sorted; every label objective's
mask resized to G^3 (order 1, no anti-aliasing) with its mean and variance. Nothing is stored; the
work is split over a process pool as the seed splits it.

Usage: /usr/bin/python3 bench/seed_features.py PHANTOM_DIR [processes] [grid]
Needs Debian's python3-nibabel, python3-skimage, python3-sklearn.
"""
import glob
import json
import os
import sys
import time
from multiprocessing import Pool

import nibabel as nib
import numpy as np
from skimage.transform import resize
from sklearn.decomposition import PCA

GRID = 128


def image_feature(path):
    volume = np.asarray(nib.load(path).dataobj, dtype=np.float64)
    resized = resize(volume, (GRID, GRID, GRID), order=1, anti_aliasing=True)
    matrix = resized.reshape(GRID * GRID, GRID)
    scores = PCA(n_components=0.75, svd_solver="full").fit_transform(matrix)
    return np.sort(scores.ravel()).size


def label_features(path, objectives):
    labels = np.asarray(nib.load(path).dataobj)
    sizes = 0
    for values in objectives:
        mask = np.isin(labels, values).astype(np.float64)
        resized = resize(mask, (GRID, GRID, GRID), order=1, anti_aliasing=False)
        sizes += resized.size + int(resized.mean() >= 0) + int(resized.var() >= 0)
    return sizes


def case(job):
    channels, label, objectives = job
    return sum(image_feature(c) for c in channels) + label_features(label, objectives)


def jobs(phantom):
    for site in sorted(glob.glob(os.path.join(phantom, "*", "dataset.json"))):
        root = os.path.dirname(site)
        with open(site) as f:
            labels = json.load(f)["labels"]
        objectives = [v if isinstance(v, list) else [v] for k, v in labels.items() if k != "background"]
        for label in sorted(glob.glob(os.path.join(root, "labelsTr", "*.nii.gz"))):
            case_id = os.path.basename(label)[: -len(".nii.gz")]
            channels = sorted(glob.glob(os.path.join(root, "imagesTr", case_id + "_*.nii.gz")))
            yield channels, label, objectives


def main():
    global GRID
    phantom = sys.argv[1]
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count()
    GRID = int(sys.argv[3]) if len(sys.argv) > 3 else 128
    work = list(jobs(phantom))
    volumes = sum(len(c) for c, _, _ in work)
    masks = sum(len(o) for _, _, o in work)
    start = time.time()
    with Pool(processes) as pool:
        pool.map(case, work, chunksize=1)
    seconds = time.time() - start
    print(f"seed feature step: {len(work)} cases, {volumes} image volumes, {masks} masks, "
          f"{processes} processes, G={GRID}: {seconds:.1f} s ({volumes / seconds:.2f} image volumes/s)")


if __name__ == "__main__":
    main()
