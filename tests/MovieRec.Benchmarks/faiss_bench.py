"""FAISS side of `MovieRec.Benchmarks vectors`: same vectors, same protocol, JSON on stdout.

Usage: /usr/bin/python3 faiss_bench.py DIR '{"hnsw": [{"M": 32, "efConstruction": 200, "efSearch": [64, 128]}]}'
DIR holds base10k.npy, base100k.npy, queries.npy (float32, L2-normalized) and gt10k.npy, gt100k.npy
(int32 row indices of the exact top 10, from our exact index).
"""
import json
import os
import sys
import time

import faiss
import numpy as np

K = 10


def recall(found, gt):
    return float(np.mean([len(set(f[:K]) & set(g[:K])) / K for f, g in zip(found, gt)]))


def timed_searches(index, queries):
    """Queries/s one at a time (the serving case) and in one batch of all queries (best of 3)."""
    for q in queries[:100]:
        index.search(q[None, :], K)
    start = time.perf_counter()
    single = [index.search(q[None, :], K)[1][0] for q in queries]
    single_qps = len(queries) / (time.perf_counter() - start)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        _, ids = index.search(queries, K)
        best = min(best, time.perf_counter() - start)
    return single_qps, len(queries) / best, np.array(single), ids


def main():
    folder, config = sys.argv[1], json.loads(sys.argv[2])
    queries = np.load(f"{folder}/queries.npy")
    results = []
    for size in ("10k", "100k"):
        if not os.path.exists(f"{folder}/base{size}.npy"):
            continue
        base = np.load(f"{folder}/base{size}.npy")
        gt = np.load(f"{folder}/gt{size}.npy")
        start = time.perf_counter()
        flat = faiss.IndexFlatIP(base.shape[1])
        flat.add(base)
        build = time.perf_counter() - start
        single, batch, ids1, ids = timed_searches(flat, queries)
        results.append(dict(index="FAISS IndexFlatIP", vectors=len(base), params="", build_s=build,
                            single_qps=single, batch_qps=batch, recall=recall(ids, gt), single_recall=recall(ids1, gt)))
        for h in config["hnsw"] if len(base) <= config.get("hnsw_max_vectors", len(base)) else []:
            start = time.perf_counter()
            hnsw = faiss.IndexHNSWFlat(base.shape[1], h["M"], faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efConstruction = h["efConstruction"]
            hnsw.add(base)
            build = time.perf_counter() - start
            for ef in h["efSearch"]:
                hnsw.hnsw.efSearch = ef
                single, batch, ids1, ids = timed_searches(hnsw, queries)
                results.append(dict(index="FAISS IndexHNSWFlat", vectors=len(base),
                                    params=f"M={h['M']} efC={h['efConstruction']} ef={ef}", build_s=build,
                                    single_qps=single, batch_qps=batch, recall=recall(ids, gt), single_recall=recall(ids1, gt)))
    json.dump(dict(faiss=faiss.__version__, threads=faiss.omp_get_max_threads(), results=results), sys.stdout)


if __name__ == "__main__":
    main()
