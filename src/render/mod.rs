//! Renderers of the spec documents (Markdown, HTML, DOCX), all reading one Spec.
