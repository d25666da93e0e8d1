#!/usr/bin/env python3
"""A flame graph (SVG) from `perf script` output on standard input, written to standard output.

    perf record -F 499 -g -p PID -- sleep 10; perf script | benchmarks/tools/flamegraph.py --title T > out.svg

Stacks are folded root first; each frame is a box as wide as its share of the samples, callers
below callees. Swift symbols are shortened (module prefixes and generic noise stay, but very long
names are cut) and hovering a box shows its full name and share.
"""
import argparse
import html
import sys
import zlib
from collections import defaultdict


def fold(lines):
    stacks = defaultdict(int)
    frames = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if frames:
                stacks[";".join(reversed(frames))] += 1
                frames = []
            continue
        if line.startswith(("\t", " ")):
            parts = line.strip().split(" ", 1)
            symbol = parts[1] if len(parts) > 1 else parts[0]
            symbol = symbol.rsplit(" (", 1)[0]
            if "+0x" in symbol:
                symbol = symbol.split("+0x", 1)[0]
            frames.append(symbol or "[unknown]")
    if frames:
        stacks[";".join(reversed(frames))] += 1
    return stacks


class Node:
    __slots__ = ("name", "count", "children")

    def __init__(self, name):
        self.name, self.count, self.children = name, 0, {}


def build(stacks):
    root = Node("all")
    for stack, count in stacks.items():
        root.count += count
        node = root
        for frame in stack.split(";"):
            node = node.children.setdefault(frame, Node(frame))
            node.count += count
    return root


def color(name):
    h = zlib.crc32(name.encode()) & 0xFFFF
    return f"rgb({205 + h % 50},{80 + (h >> 4) % 120},{40 + (h >> 8) % 40})"


def render(root, title, width=1400, row=16, min_width=1.0):
    boxes = []
    depth_max = [0]

    def walk(node, x, depth):
        w = node.count / root.count * width
        if w < min_width:
            return
        depth_max[0] = max(depth_max[0], depth)
        boxes.append((x, depth, w, node))
        cx = x
        for child in sorted(node.children.values(), key=lambda n: n.name):
            walk(child, cx, depth + 1)
            cx += child.count / root.count * width

    walk(root, 0.0, 0)
    height = (depth_max[0] + 3) * row + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="monospace" font-size="11">',
           f'<rect width="100%" height="100%" fill="#fdfdf8"/><text x="{width / 2}" y="18" text-anchor="middle" font-size="14">{html.escape(title)}</text>']
    for x, depth, w, node in boxes:
        y = height - (depth + 1) * row - 4
        share = 100.0 * node.count / root.count
        label = node.name if len(node.name) * 6.5 < w else node.name[: max(0, int(w / 6.5) - 2)] + ".." if w > 20 else ""
        out.append(f'<g><title>{html.escape(node.name)} ({node.count} samples, {share:.2f}%)</title>'
                   f'<rect x="{x:.1f}" y="{y}" width="{max(w - 0.5, 0.1):.1f}" height="{row - 1}" fill="{color(node.name)}"/>'
                   f'<text x="{x + 2:.1f}" y="{y + row - 4}">{html.escape(label)}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--title", default="flame graph")
    parser.add_argument("--min-width", type=float, default=1.0, help="frames narrower than this (pixels of 1,400) are left out")
    args = parser.parse_args()
    stacks = fold(sys.stdin)
    if not stacks:
        sys.exit("flamegraph.py: no stacks in the input")
    sys.stdout.write(render(build(stacks), args.title, min_width=args.min_width))


if __name__ == "__main__":
    main()
