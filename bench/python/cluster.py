#!/usr/bin/env python3
"""precis on Spark local[2] and Ray (2 CPUs): records/s per core on N articles (validation_lower
repeated), beside a pandas UDF running sumy LexRank on a sample, and where the time goes.

    python bench/python/cluster.py spark --data FILE [--n 100000] [--sumy 2000]
    python bench/python/cluster.py ray   --data FILE [--n 100000] [--sumy 2000]

Runs, each forcing every row through (Spark: the "noop" sink; Ray: materialize):
  transfer    the same pipeline with an identity Python step: JVM/object store <-> Python cost
  precis      precis.spark.summarize / precis.ray.summarize (mapInArrow / map_batches, Arrow)
  pandas-udf  (Spark) a pandas UDF calling summarize_batch: the alternative precis.spark measured
  sumy        sumy LexRank in a pandas UDF / map_batches, on --sumy articles
Wall times include task scheduling; the CPU is shared, so take the best of a few runs.
"""

import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import common  # noqa: E402

CORES = 2


def articles(path, n):
    base = common.read_articles(path)
    return [base[i % len(base)] for i in range(n)]


def report(name, n, seconds):
    rate = n / seconds
    print(f"{name:12} {n:8d} rows {seconds:8.1f} s {rate:9.0f} rows/s {rate / CORES:9.0f} rows/s/core", flush=True)


def spark_bench(args):
    import pandas as pd
    import pyarrow as pa
    from pyspark.sql import SparkSession
    from pyspark.sql.functions import pandas_udf

    import precis
    import precis.spark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # loopback only
    spark = (SparkSession.builder.master(f"local[{CORES}]").config("spark.ui.enabled", "false")
             .config("spark.driver.memory", "4g").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.driver.host", "127.0.0.1").getOrCreate())
    with tempfile.TemporaryDirectory() as tmp:
        texts = articles(args.data, args.n)
        path = os.path.join(tmp, "articles.parquet")
        pa.parquet = __import__("pyarrow.parquet").parquet
        pa.parquet.write_table(pa.table({"id": list(range(len(texts))), "article": texts}), path,
                               row_group_size=5000)
        df = spark.read.parquet(path).repartition(CORES * 4).cache()
        df.count()

        def timed(name, frame, n):
            t0 = time.perf_counter()
            frame.write.format("noop").mode("overwrite").save()
            report(name, n, time.perf_counter() - t0)

        def identity(batches):
            yield from batches

        if "transfer" in args.runs:
            timed("transfer", df.mapInArrow(identity, df.schema), args.n)
        if "precis" in args.runs:
            timed("precis", precis.spark.summarize(df, "article"), args.n)

        struct = precis.spark.summary_type()

        @pandas_udf(struct)
        def precis_udf(s: pd.Series) -> pd.DataFrame:
            from precis import _arrow

            rows = [_arrow.summary_row(x) for x in precis.summarize_batch(s.tolist(), threads=1)]
            return pd.DataFrame(rows, columns=[f.name for f in struct.fields])

        if "pandas-udf" in args.runs:
            timed("pandas-udf", df.withColumn("precis", precis_udf("article")), args.n)

        here = HERE

        @pandas_udf("string")
        def sumy_udf(s: pd.Series) -> pd.Series:
            sys.path.insert(0, here)  # the workers import bench/python/common.py by path
            import common as peers

            return s.map(peers.sumy_lexrank)

        if "sumy" in args.runs:
            sample = df.limit(args.sumy).repartition(CORES * 2).cache()
            sample.count()
            timed("sumy", sample.withColumn("summary", sumy_udf("article")), args.sumy)
    spark.stop()


def ray_bench(args):
    import ray

    import precis.ray

    ray.init(num_cpus=CORES, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    ray.data.DataContext.get_current().enable_progress_bars = False
    texts = articles(args.data, args.n)
    ds = ray.data.from_items([{"id": i, "article": t} for i, t in enumerate(texts)],
                             override_num_blocks=CORES * 8).materialize()

    def timed(name, frame, n):
        t0 = time.perf_counter()
        frame.materialize()
        report(name, n, time.perf_counter() - t0)

    if "transfer" in args.runs:
        timed("transfer", ds.map_batches(lambda t: t, batch_format="pyarrow", batch_size=1024), args.n)
    if "precis" in args.runs:
        timed("precis", precis.ray.summarize(ds, "article"), args.n)

    here = HERE

    def sumy_batch(t):
        sys.path.insert(0, here)  # the workers import bench/python/common.py by path
        import common as peers

        return {"summary": [peers.sumy_lexrank(x) for x in t["article"]]}

    if "sumy" in args.runs:
        sample = ds.limit(args.sumy).repartition(CORES * 2).materialize()
        timed("sumy", sample.map_batches(sumy_batch, batch_format="numpy", batch_size=64), args.sumy)
    ray.shutdown()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("engine", choices=["spark", "ray"])
    p.add_argument("--data", required=True)
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--sumy", type=int, default=2000)
    p.add_argument("--runs", default="transfer,precis,pandas-udf,sumy", help="which runs, comma-separated")
    args = p.parse_args()
    args.runs = args.runs.split(",")
    print(f"{args.engine}, {CORES} cores, {args.n} articles (validation repeated); sumy on {args.sumy}")
    (spark_bench if args.engine == "spark" else ray_bench)(args)


if __name__ == "__main__":
    main()
