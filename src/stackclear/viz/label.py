"""Greedy point labelling: put each label where it overlaps nothing already drawn, else where it overlaps least.

Why not a library: one small deterministic loop over candidate offsets is enough for a few dozen points
and keeps the dependency list short. Labels are placed in order of crowding (points with many close
neighbours first, so they get the best spots); a thin leader line joins a label set far from its point.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
_DISTANCES = (6.0, 13.0, 22.0, 34.0, 48.0)


def _overlap(box: Bbox, others: list[Bbox]) -> float:
    total = 0.0
    for other in others:
        w = min(box.x1, other.x1) - max(box.x0, other.x0)
        h = min(box.y1, other.y1) - max(box.y0, other.y0)
        if w > 0 and h > 0:
            total += w * h
    return total


def _outside(box: Bbox, frame: Bbox) -> float:
    w = max(0.0, frame.x0 - box.x0) + max(0.0, box.x1 - frame.x1)
    h = max(0.0, frame.y0 - box.y0) + max(0.0, box.y1 - frame.y1)
    return float(w * box.height + h * box.width) * 4


def _candidates(vertical: bool) -> list[tuple[float, float, str, str]]:
    out = []
    directions = ((0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1), (1, 0), (-1, 0)) if vertical else _DIRECTIONS
    for distance in _DISTANCES:
        for dx, dy in directions:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            scale = distance / (1.4 if dx and dy else 1.0)
            out.append((dx * scale, dy * scale * (0.8 if vertical else 1.0), ha, va))
    return out


def place_labels(ax: Axes, labels: list[str], xy: list[tuple[float, float]], colors: list[str],
                 obstacles: list[Bbox], *, vertical: bool = False, fontsize: float = 7.5) -> list[Annotation]:
    """Annotate each point (data coordinates) with its label without overlapping labels, points or obstacles."""
    if not labels:
        return []
    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    to_display = ax.transData.transform
    points = [to_display(p) for p in xy]
    marker_boxes = [Bbox.from_bounds(px - 5, py - 5, 10, 10) for px, py in points]
    placed: list[Bbox] = list(obstacles)
    frame = ax.get_window_extent(renderer)

    def crowding(i: int) -> int:
        px, py = points[i]
        return -sum(1 for qx, qy in points if abs(qx - px) < 80 and abs(qy - py) < 40)

    out = []
    for i in sorted(range(len(labels)), key=crowding):
        others = placed + [b for j, b in enumerate(marker_boxes) if j != i]
        best: tuple[float, tuple[float, float, str, str]] | None = None
        for candidate in _candidates(vertical):
            dx, dy, ha, va = candidate
            probe = ax.annotate(labels[i], xy[i], xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                fontsize=fontsize)
            box = probe.get_window_extent(renderer).expanded(1.06, 1.2)
            probe.remove()
            cost = _overlap(box, others) + _outside(box, frame)
            if best is None or cost < best[0]:
                best = (cost, candidate)
            if cost == 0:
                break
        assert best is not None
        dx, dy, ha, va = best[1]
        far = abs(dx) + abs(dy) > 12
        note = ax.annotate(
            labels[i], xy[i], xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
            color="#222222", zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
            arrowprops={"arrowstyle": "-", "color": colors[i], "linewidth": 0.6, "shrinkA": 0, "shrinkB": 3}
            if far else None,
        )
        placed.append(note.get_window_extent(renderer).expanded(1.06, 1.2))
        out.append(note)
    return out
