//! The wire format of a summary: one serializable type, [`SummaryRecord`], that every front end
//! emits — `precis summarize --format json`, each line of `precis batch`, the HTTP API and the
//! Python package. Front ends add only what they add by nature (`id` and `line` in batch,
//! `elapsed_ms` in the API) by flattening this type into their own; none of them assembles the
//! fields itself. [`schema`] is its JSON Schema, generated from the type, and
//! `docs/summary.schema.json` is that schema as committed (a test keeps the two equal).
//!
//! ```
//! use precis_core::{Algorithm, Summarizer, SummaryRecord};
//! let text = "Zoë's café reopened on Monday. Críticos dijeron que no. Rain fell.";
//! let english = Summarizer::new(Algorithm::Lead).language("en".parse().unwrap());
//! let record = SummaryRecord::from_text(english.summarize(text).unwrap());
//! let h = &record.sentences[1];
//! assert_eq!(&text[h.start..h.end], h.text); // UTF-8 byte offsets
//! let chars: Vec<char> = text.chars().collect();
//! let by_char: String = chars[h.char_start..h.char_end].iter().collect();
//! assert_eq!(by_char, h.text); // Unicode scalar offsets, for callers in any language
//! assert!(record.to_json().starts_with(
//!     "{\"algorithm\":\"lead\",\"language\":\"en\",\"language_profile\":\"full\",\"input_sentences\":3,"
//! ));
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::engine::{Highlight, Summary};
use crate::ingest::Ingested;
use crate::language::Coverage;

/// Where the spans of a summary of a web page point: the extracted text, not the HTML.
pub const SPANS_REFER_TO_EXTRACTED: &str = "extracted.text";

/// The summary of one article, as every front end serializes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "precis summary")]
pub struct SummaryRecord {
    /// The algorithm that picked the sentences (see `precis algorithms`).
    pub algorithm: String,
    /// The language the article was read in, ISO 639-1 (`en`, `de`, `zh`): detected (`auto`, the
    /// default; English when the text is too short or mixed to tell) or as the caller asked.
    pub language: String,
    /// How much precis knows of that language: `full` (its own segmentation rules, news
    /// furniture, cue words, stop words and stemmer), `words` (stop words and stemmer on the
    /// generic segmenter) or `generic` (no profile: the article was summarized generically).
    pub language_profile: Coverage,
    /// How many sentences the text was segmented into, boilerplate included.
    pub input_sentences: usize,
    /// The highlights, in document order.
    pub sentences: Vec<Highlight>,
    /// The highlights joined by newlines, each with its inner white space collapsed to one space.
    pub summary: String,
    /// The story's headline, when precis knows it (a web page's title, or a plain text's first
    /// line when it is a title: short, on its own, without sentence punctuation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// For a web page: `"extracted.text"`, since the spans index the extracted text, not the HTML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spans_refer_to: Option<String>,
    /// For a web page: the article precis extracted and summarized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extracted: Option<Extracted>,
}

/// The article found in a web page, with what the page states about it. A field the page does not
/// state is null: nothing is guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Extracted {
    /// The headline, when the page has one.
    pub title: Option<String>,
    /// The body paragraphs joined by blank lines: the text the spans refer to.
    pub text: String,
    /// The authors' names, in the page's order.
    #[serde(default)]
    pub authors: Option<Vec<String>>,
    /// Publication date, ISO 8601: `2024-03-05T09:30:00+00:00`, `2024-03-05T09:30:00` (no offset
    /// stated) or `2024-03-05` (a day).
    #[serde(default)]
    pub date: Option<String>,
    /// The publication's name.
    #[serde(default)]
    pub site_name: Option<String>,
    /// The language tag the page declares (`en`, `en-GB`).
    #[serde(default)]
    pub language: Option<String>,
    /// The canonical URL of the article (for a fetched page without one, the URL it was fetched
    /// from after redirects).
    #[serde(default)]
    pub url: Option<String>,
    /// The page's own one-line description.
    #[serde(default)]
    pub description: Option<String>,
    /// The lead image URL.
    #[serde(default)]
    pub image: Option<String>,
}

impl Extracted {
    /// The article's text with its title and the page's metadata.
    pub fn new(title: Option<String>, text: String, m: precis_extract::Metadata) -> Extracted {
        Extracted {
            title,
            text,
            authors: (!m.authors.is_empty()).then_some(m.authors),
            date: m.date,
            site_name: m.site_name,
            language: m.language,
            url: m.url,
            description: m.description,
            image: m.image,
        }
    }
}

impl SummaryRecord {
    /// The record of a summary of plain text (the spans index that text).
    pub fn from_text(summary: Summary) -> SummaryRecord {
        SummaryRecord {
            summary: summary.joined(),
            algorithm: summary.algorithm,
            language: summary.language.code().to_owned(),
            language_profile: summary.language.coverage(),
            input_sentences: summary.input_sentences,
            sentences: summary.sentences,
            title: summary.title,
            spans_refer_to: None,
            extracted: None,
        }
    }

    /// The record of a summary of ingested input: for a web page it carries the extracted article
    /// and its title. Takes `ingested` by value so the extracted text moves, not copies.
    pub fn new(summary: Summary, ingested: Ingested) -> SummaryRecord {
        let mut record = SummaryRecord::from_text(summary);
        if let Some(origin) = ingested.html {
            if origin.title.is_some() {
                record.title.clone_from(&origin.title);
            }
            record.spans_refer_to = Some(SPANS_REFER_TO_EXTRACTED.to_owned());
            record.extracted = Some(Extracted::new(origin.title, ingested.text, origin.metadata));
        }
        record
    }

    /// One line of JSON, without a newline.
    pub fn to_json(&self) -> String {
        // Strings, integers and finite floats (scores are made finite by the engine): cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The JSON Schema of [`SummaryRecord`] (draft 2020-12), generated from the type.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(SummaryRecord)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{InputFormat, ingest_str};
    use crate::{Algorithm, Summarizer};

    #[test]
    fn html_records_carry_the_extracted_article() {
        let page = "<html lang=en><head><title>Harbour reopens</title>\
            <meta property=\"og:site_name\" content=\"Gazette\"></head><body><nav>Home</nav>\
            <article><h1>Harbour reopens</h1><p>The harbour reopened on Monday after repairs \
            to the outer breakwater that took most of the winter and cost the town dearly.</p>\
            <p>Fishing boats were the first to leave, followed by the ferry to the islands, \
            which had been idle since the storm in November.</p></article></body></html>";
        let ingested = ingest_str(page.to_owned(), InputFormat::Auto).unwrap();
        let summary = Summarizer::new(Algorithm::Lead)
            .summarize(&ingested.text)
            .unwrap();
        let record = SummaryRecord::new(summary, ingested);
        let extracted = record.extracted.as_ref().unwrap();
        assert_eq!(record.title.as_deref(), Some("Harbour reopens"));
        assert_eq!(record.spans_refer_to.as_deref(), Some("extracted.text"));
        assert_eq!(extracted.site_name.as_deref(), Some("Gazette"));
        assert_eq!(extracted.language.as_deref(), Some("en"));
        assert_eq!((&extracted.authors, &extracted.date), (&None, &None));
        for h in &record.sentences {
            assert_eq!(&extracted.text[h.start..h.end], h.text);
        }
        let back: SummaryRecord = serde_json::from_str(&record.to_json()).unwrap();
        assert_eq!(back, record);
    }

    #[test]
    fn plain_text_records_have_no_page_fields() {
        let summary = Summarizer::new(Algorithm::Lead)
            .summarize("The vote passed. It was close.")
            .unwrap();
        let json = SummaryRecord::from_text(summary).to_json();
        assert_eq!(
            json,
            "{\"algorithm\":\"lead\",\"language\":\"en\",\"language_profile\":\"full\",\"input_sentences\":2,\"sentences\":[\
             {\"index\":0,\"start\":0,\"end\":16,\"char_start\":0,\"char_end\":16,\"text\":\"The vote passed.\",\"score\":1.0},\
             {\"index\":1,\"start\":17,\"end\":30,\"char_start\":17,\"char_end\":30,\"text\":\"It was close.\",\"score\":0.5}],\
             \"summary\":\"The vote passed.\\nIt was close.\"}"
        );
    }
}
