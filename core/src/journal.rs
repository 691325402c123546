//! What a user did to a document since it was last saved, in order. A journal is small (an
//! edit is a few numbers), so the page can write it synchronously after every change and an
//! edit made a moment before the tab closed survives. Replaying a journal on the saved
//! document and history gives back the document and history the user had.

use serde::{Deserialize, Serialize};

use crate::edit::{Edit, EditError, History};
use crate::model::Document;
use crate::parse::parse;

/// One thing done to the annotations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Edit(Edit),
    Undo,
    Redo,
    /// An earlier version restored, as its tagged text.
    Restore(String),
    /// Edits applied as one step ([`History::apply_all`]): a disagreement resolved, say.
    Group(Vec<Edit>),
}

/// Why a journal could not be replayed: the change at `index` did not apply, so the saved
/// document is not the one the journal was written on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayError {
    pub index: usize,
    pub edit: Option<EditError>,
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "change {} does not apply", self.index + 1)?;
        if let Some(edit) = &self.edit {
            write!(f, ": {edit}")?;
        }
        Ok(())
    }
}

/// Applies `changes` in order. On an error nothing is changed.
pub fn replay(
    doc: &mut Document,
    history: &mut History,
    changes: &[Change],
) -> Result<(), ReplayError> {
    let mut next_doc = doc.clone();
    let mut next_history = history.clone();
    for (index, change) in changes.iter().enumerate() {
        let failed = |edit| ReplayError { index, edit };
        match change {
            Change::Edit(edit) => next_history
                .apply(&mut next_doc, edit.clone())
                .map_err(|e| failed(Some(e)))?,
            Change::Undo => {
                if !next_history.undo(&mut next_doc) {
                    return Err(failed(None));
                }
            }
            Change::Redo => {
                if !next_history.redo(&mut next_doc) {
                    return Err(failed(None));
                }
            }
            Change::Restore(source) => next_history
                .replace(&mut next_doc, &parse(source))
                .map_err(|e| failed(Some(e)))?,
            Change::Group(edits) => {
                let mut edits = edits.iter().cloned();
                next_history
                    .apply_all(&mut next_doc, |_| edits.next())
                    .map_err(|e| failed(Some(e)))?;
            }
        }
    }
    *doc = next_doc;
    *history = next_history;
    Ok(())
}
