# Cross-checks src/eval.rs against the reference shared/gold/score.py: feeds score.py the
# predictions written by `cargo run --release --example eval_notes -- --dump /tmp/nx/pred.json`
# (through a stubbed `post`), so both scorers can be compared on identical input.
import json, sys, importlib.util
spec = importlib.util.spec_from_file_location("score", "/work/shared/gold/score.py")
score = importlib.util.module_from_spec(spec); spec.loader.exec_module(score)
pred = json.load(open("/tmp/nx/pred.json"))
gold = json.load(open("/work/shared/gold/dev.json"))
by_slug = {}
for g in gold:
    folder, fname = g["file"].split("/", 1)
    by_slug[(g["podcast"], fname[:-3])] = g["file"]
def post(url, q, v):
    f = by_slug.get((v["p"], v["s"]))
    return {"data": {"episode": pred.get(f)}}
score.post = post
sys.argv = ["score.py", "/work/shared/gold/dev.json"]
try:
    score.main()
except SystemExit:
    pass
