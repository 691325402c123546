use std::rc::Rc;

use connectives_core::Document;
use yew::prelude::*;

use super::line_view::LineView;

#[derive(Properties, PartialEq)]
pub struct DocumentViewProps {
    pub doc: Rc<Document>,
}

/// The document, one paragraph per line, with line numbers.
#[function_component(DocumentView)]
pub fn document_view(props: &DocumentViewProps) -> Html {
    let doc = &props.doc;
    html! {
        <article class="document" lang="zh">
            { for (0..doc.lines.len()).map(|index| html! {
                <LineView key={index} doc={doc.clone()} {index} />
            }) }
        </article>
    }
}
