//! A check against real data that cannot live in the repository (it is third-party). Run with
//! `CONNECTIVES_CORPUS=/path/to/cdtb-train-tagged.txt cargo test -p connectives-core --test
//! corpus -- --ignored`.

use connectives_core::{parse, write};

#[test]
#[ignore = "needs CONNECTIVES_CORPUS pointing at cdtb-train-tagged.txt"]
fn cdtb_sample_reads_with_its_known_counts_and_writes_back() {
    let path = std::env::var("CONNECTIVES_CORPUS")
        .expect("set CONNECTIVES_CORPUS to the path of cdtb-train-tagged.txt");
    let source = std::fs::read_to_string(&path).expect("the corpus file is readable UTF-8");
    let doc = parse(&source);
    let counts = doc.counts();
    assert_eq!(
        (
            counts.lines,
            counts.candidates,
            counts.members,
            counts.pairs
        ),
        (1774, 932, 102, 51)
    );
    assert_eq!(doc.diagnostics, vec![]);
    assert_eq!(write(&doc), source);
}
