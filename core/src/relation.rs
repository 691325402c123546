//! Discourse relations: what a paired connective means (虽然…但 contrast, 不仅…而且
//! progression, 因为…所以 causation).
//!
//! Scheme: the sense set of the Chinese track of the CoNLL-2016 shared task, which is derived
//! from the Chinese Discourse TreeBank (CDTB): Alternative, Causation, Conditional, Conjunction,
//! Contrast, EntRel, Expansion, Progression, Purpose, Temporal. It is flat (no subtypes), which
//! suits a page that names one relation per pair, and it is the scheme with public counts of
//! connectives by sense (below). The Soochow CDTB's classes are finer but have no such counts.
//!
//! Sources:
//! - Nianwen Xue, Hwee Tou Ng, Sameer Pradhan, Attapol Rutherford, Bonnie Webber, Chuan Wang,
//!   Hongmin Wang (2016), "CoNLL 2016 Shared Task on Multilingual Shallow Discourse Parsing",
//!   Proceedings of CoNLL 2016 — the ten senses.
//! - Yuping Zhou, Nianwen Xue (2015), "The Chinese Discourse TreeBank: a Chinese corpus
//!   annotated with discourse relations", Language Resources and Evaluation 49(2) — what each
//!   sense covers.
//! - For the 中文 names and the traditional classes of 复句 (转折, 让步, 递进, 假设, 条件, 取舍,
//!   …): 吕叔湘《现代汉语八百词》 and 刘月华等《实用现代汉语语法》, the grammars the lexicon
//!   already cites.
//!
//! The scheme has no concession: 转折 and 让步 both map to Contrast, named 转折（让步）. 假设 and
//! 条件 both map to Conditional, named 条件（假设）. 取舍 (与其…不如, 宁可…也不) is a kind of
//! 选择 and maps to Alternative. [`GRAMMAR_TERMS`] lists these traditional names with their
//! sense, and [`relation_by_name`] accepts them.

/// One sense of the scheme, with a stable id and both names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Relation {
    /// Stable, lower-case id (`contrast`); what lexicon files and stored data use.
    pub id: &'static str,
    /// 中文 name (`转折（让步）`).
    pub zh: &'static str,
    /// English name, the scheme's own (`Contrast`).
    pub en: &'static str,
}

/// The scheme's senses, in the order the CoNLL-2016 task lists them.
pub const RELATIONS: &[Relation] = &[
    Relation {
        id: "alternative",
        zh: "选择",
        en: "Alternative",
    },
    Relation {
        id: "causation",
        zh: "因果",
        en: "Causation",
    },
    Relation {
        id: "conditional",
        zh: "条件（假设）",
        en: "Conditional",
    },
    Relation {
        id: "conjunction",
        zh: "并列",
        en: "Conjunction",
    },
    Relation {
        id: "contrast",
        zh: "转折（让步）",
        en: "Contrast",
    },
    Relation {
        id: "entrel",
        zh: "实体关联",
        en: "EntRel",
    },
    Relation {
        id: "expansion",
        zh: "解说",
        en: "Expansion",
    },
    Relation {
        id: "progression",
        zh: "递进",
        en: "Progression",
    },
    Relation {
        id: "purpose",
        zh: "目的",
        en: "Purpose",
    },
    Relation {
        id: "temporal",
        zh: "时间（承接）",
        en: "Temporal",
    },
];

/// Traditional names of 复句 relations in the grammars, each with the id of the sense it maps to.
pub const GRAMMAR_TERMS: &[(&str, &str)] = &[
    ("转折", "contrast"),
    ("让步", "contrast"),
    ("递进", "progression"),
    ("因果", "causation"),
    ("假设", "conditional"),
    ("条件", "conditional"),
    ("并列", "conjunction"),
    ("选择", "alternative"),
    ("取舍", "alternative"),
    ("目的", "purpose"),
    ("承接", "temporal"),
    ("解说", "expansion"),
];

/// The relation with this id (`contrast`); `None` for anything else, including `Contrast`.
pub fn relation_by_id(id: &str) -> Option<&'static Relation> {
    RELATIONS.iter().find(|r| r.id == id)
}

/// The relation a name in a lexicon file means: an id or English name in any case
/// (`contrast`, `Contrast`), a 中文 name (`转折（让步）`) or a grammar term (`让步`, `假设`).
/// Surrounding whitespace is ignored. `None` for a name outside the scheme (a custom relation).
pub fn relation_by_name(name: &str) -> Option<&'static Relation> {
    let name = name.trim();
    RELATIONS
        .iter()
        .find(|r| {
            r.id.eq_ignore_ascii_case(name) || r.en.eq_ignore_ascii_case(name) || r.zh == name
        })
        .or_else(|| {
            GRAMMAR_TERMS
                .iter()
                .find(|(term, _)| *term == name)
                .and_then(|(_, id)| relation_by_id(id))
        })
}

/// A relation as a lexicon gives it: a sense of the scheme, or a name of the lexicon's own (an
/// imported file may use relations the scheme does not have, `评注`, `Concession`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RelationName {
    Scheme(&'static Relation),
    Custom(String),
}

impl RelationName {
    /// What a lexicon stores: a scheme id, or a custom name as written.
    pub fn of(stored: &str) -> RelationName {
        match relation_by_id(stored) {
            Some(r) => RelationName::Scheme(r),
            None => RelationName::Custom(stored.to_string()),
        }
    }

    /// The scheme id, or the custom name: what the lexicon stores and the page's
    /// `data-relation` attributes carry.
    pub fn id(&self) -> &str {
        match self {
            RelationName::Scheme(r) => r.id,
            RelationName::Custom(name) => name,
        }
    }

    /// The 中文 name; a custom relation has one name for both languages.
    pub fn zh(&self) -> &str {
        match self {
            RelationName::Scheme(r) => r.zh,
            RelationName::Custom(name) => name,
        }
    }

    /// The English name; a custom relation has one name for both languages.
    pub fn en(&self) -> &str {
        match self {
            RelationName::Scheme(r) => r.en,
            RelationName::Custom(name) => name,
        }
    }
}
