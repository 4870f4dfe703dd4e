#!/usr/bin/env python3
"""Writes testdata/mnist-small: the first 2,000 MNIST training and first 500 test images, as gzipped IDX.

Usage: scripts/make-fixture.py MNIST_DIR   (a directory with the four uncompressed IDX files)
"""
import gzip
import os
import struct
import sys

src = sys.argv[1]
dst = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "mnist-small")
os.makedirs(dst, exist_ok=True)
for prefix, n in (("train", 2000), ("t10k", 500)):
    with open(os.path.join(src, prefix + "-images-idx3-ubyte"), "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        pixels = f.read(n * rows * cols)
    with gzip.GzipFile(os.path.join(dst, prefix + "-images-idx3-ubyte.gz"), "wb", mtime=0) as g:
        g.write(struct.pack(">IIII", magic, n, rows, cols) + pixels)
    with open(os.path.join(src, prefix + "-labels-idx1-ubyte"), "rb") as f:
        magic, count = struct.unpack(">II", f.read(8))
        labels = f.read(n)
    with gzip.GzipFile(os.path.join(dst, prefix + "-labels-idx1-ubyte.gz"), "wb", mtime=0) as g:
        g.write(struct.pack(">II", magic, n) + labels)
print("wrote", dst)
