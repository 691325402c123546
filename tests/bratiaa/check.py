"""Two versions of a generated corpus, compared by `connectives agree` and by bratiaa.

Usage: check.py CONNECTIVES [SEED]. Version B is version A with spans dropped, added, given
the other kind or moved, at random; both are exported as brat collections with the CLI, one
folder per annotator as bratiaa expects, and bratiaa's per-label F1 must equal `agree`'s
labelled F1 per kind (both to 3 decimals), over the corpus and per document.
"""

import json
import random
import subprocess
import sys
import tempfile
import zipfile
from functools import partial
from pathlib import Path

from bratiaa import F1Agreement
from bratiaa.agree import input_generator

WORDS = ["虽然", "但", "也", "还", "而且", "不仅", "因为", "所以", "就"]
FILLER = "中亚国家多次爆发骚乱冲突地区整体局势保持了基本稳定"
LABELS = {"candidate": "Candidate", "member": "Member"}


def line(rng):
    """A line as pieces: (text, kind or None)."""
    pieces = []
    for _ in range(rng.randint(1, 8)):
        pieces.append(("".join(rng.choice(FILLER) for _ in range(rng.randint(1, 5))), None))
        pieces.append((rng.choice(WORDS), rng.choice(["candidate", "member", None])))
    return pieces


def tagged(pieces):
    out = []
    for text, kind in pieces:
        if kind == "candidate":
            out.append(f"<cand>{text}</cand>")
        elif kind == "member":
            out.append(f"<a>{text}</a>")
        else:
            out.append(text)
    return "".join(out)


def other_version(rng, pieces):
    """Another annotator: some spans dropped, added, of the other kind, or one character longer."""
    out = []
    for text, kind in pieces:
        roll = rng.random()
        if kind is None:
            out.append((text, rng.choice(["candidate", "member"]) if roll < 0.1 else None))
        elif roll < 0.1:
            out.append((text, None))
        elif roll < 0.2:
            out.append((text, "member" if kind == "candidate" else "candidate"))
        elif roll < 0.3 and len(text) > 1:
            out.append((text[:1], kind))
            out.append((text[1:], None))
        else:
            out.append((text, kind))
    return out


def export_brat(connectives, folder, into):
    out = into / "export"
    subprocess.run([connectives, "export", "--format", "brat", "--out", out, folder],
                   check=True, capture_output=True)
    with zipfile.ZipFile(out / "brat.zip") as archive:
        archive.extractall(into)


def main():
    connectives = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "a").mkdir()
        (tmp / "b").mkdir()
        for n in range(40):
            lines = [line(rng) for _ in range(rng.randint(1, 6))]
            name = f"doc{n:02}.txt"
            (tmp / "a" / name).write_text("\n".join(tagged(l) for l in lines) + "\n", "utf-8")
            (tmp / "b" / name).write_text(
                "\n".join(tagged(other_version(rng, l)) for l in lines) + "\n", "utf-8")
        report = json.loads(subprocess.run(
            [connectives, "agree", "--format", "json", tmp / "a", tmp / "b"],
            check=True, capture_output=True, text=True).stdout)

        project = tmp / "project"
        for annotator in ["a", "b"]:
            export_brat(connectives, tmp / annotator, project / annotator)
        labels = list(LABELS.values())
        f1 = F1Agreement(partial(input_generator, project), labels)
        per_label, _ = f1.mean_sd_per_label()

        failures = []
        for kind, label in LABELS.items():
            ours = report["kinds"][kind]["f1"]
            theirs = round(float(per_label[labels.index(label)]), 3)
            print(f"{label}: connectives {ours:.3f}, bratiaa {theirs:.3f}")
            if ours != theirs:
                failures.append(f"{label}: {ours} != {theirs}")
        # Per document and label, from bratiaa's counts (true positives, 2·tp + fp + fn).
        documents = {d["name"]: d for d in report["documents"]}
        for d, doc_id in enumerate(f1.documents):
            name = Path(doc_id).with_suffix(".txt").name
            for kind, label in LABELS.items():
                tp, total = f1._pdcl[0][d][0][labels.index(label)], f1._pdcl[0][d][1][labels.index(label)]
                theirs = 1.0 if total == 0 else round(2 * tp / total, 3)
                ours = documents[name]["kinds"][kind]["f1"]
                if ours != theirs:
                    failures.append(f"{name} {label}: {ours} != {theirs}")
        if failures:
            print("\n".join(failures))
            sys.exit(1)
        print(f"{len(f1.documents)} documents: labelled F1 per kind equals bratiaa's")


main()
