//! `precis sentences`: the segmentation itself, with spans and boilerplate flags, for one article
//! or, with `--jsonl`, for every record of a JSON Lines file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use precis_batch::pipeline::{self, Line, Options};
use precis_batch::record::{
    RecordError, RecordFields, Rendered, error_line, panicked_line, parse_object, record_language,
    text_field,
};
use precis_batch::source::{self, Output};
use precis_core::engine::{CharCounter, collapse_space};
use precis_core::language::{self, LanguageChoice};
use precis_core::{Document, ingest};
use serde_json::{Value, json};

use super::input;
use super::records::{self, RecordSink, Settled};

/// Show how precis segments an article into sentences.
#[derive(Args, Debug)]
// clap's usage line in an error names the arguments given as if required (`<PATH>`).
#[command(
    override_usage = "precis sentences [OPTIONS] [PATH]\n       precis sentences --jsonl <FILE> [OPTIONS]"
)]
#[command(after_long_help = "\
Text output has one sentence per line: index, byte span, paragraph, a [kind] mark for
boilerplate (dateline, byline, timestamp, credit, promo, markup), then the sentence.

With --jsonl FILE, each input line is a JSON object with the article text (field `article` unless
--text-field says otherwise) and an optional id; each output line, in input order, is
  {\"id\": …, \"language\", \"language_profile\", \"sentences\": [{\"index\", \"start\", \"end\", \"paragraph\", \"boilerplate\"?,
  \"char_start\", \"char_end\", \"text\"}]}
(`text` is exactly the article's bytes start..end, or its characters char_start..char_end; for a web page, the spans refer to the added
\"extracted\": {\"title\", \"text\"}) or, for a record that cannot be read,
  {\"id\": …, \"line\": N, \"error\": \"what is wrong\"}
so the output has exactly as many lines as the input. Exit code 1 when some record failed.

Examples:
  precis sentences story.txt
  precis sentences story.txt --format json | jq '.sentences[] | select(.boilerplate)'
  precis sentences --jsonl articles.jsonl.gz > sentences.jsonl")]
pub struct SentencesArgs {
    /// The article: a UTF-8 text or HTML file (optionally gzip), an http(s) URL (fetched, read as
    /// a web page), or `-` for standard input (default: standard input, or the built-in sample on
    /// an interactive terminal).
    #[arg(value_name = "PATH|URL", conflicts_with = "jsonl")]
    pub path: Option<PathBuf>,

    /// What the input is: `auto` detects web pages (their article is extracted first).
    #[arg(long, value_enum, default_value_t = input::InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: input::InputFormatArg,

    /// Output format (of one article; --jsonl always writes JSON Lines).
    #[arg(short, long, value_enum, default_value_t = SentencesFormat::Text)]
    pub format: SentencesFormat,

    /// Segment every record of this JSON Lines file (optionally gzip, `-` for standard input)
    /// and write one JSON line per record to standard output.
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    pub jsonl: Option<PathBuf>,

    /// With --jsonl: the field that holds the article text [default: article].
    #[arg(long, value_name = "NAME")]
    pub text_field: Option<String>,

    /// With --jsonl: the field that holds the record id, the line number when absent [default: id].
    #[arg(long, value_name = "NAME")]
    pub id_field: Option<String>,

    /// With --jsonl: worker threads [default: one per core].
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// The articles' language: `auto` detects it per article, or an ISO 639-1 code (a record's
    /// own `language` field wins).
    #[arg(long, default_value = "auto", value_name = "CODE",
          long_help = language::detect::CODES_HELP)]
    pub language: LanguageChoice,

    #[command(flatten)]
    pub fetch: super::web::FetchArgs,
}

/// Output formats of `precis sentences`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentencesFormat {
    /// One sentence per line with its span and flags.
    Text,
    /// `{"language", "language_profile", "form", "paragraphs", "sentences": [{"index", "start", "end", "paragraph", "boilerplate"?, "char_start", "char_end", "text"}]}`.
    Json,
}

pub fn run(args: SentencesArgs) -> Result<ExitCode> {
    if let Some(path) = &args.jsonl {
        let fields = RecordFields {
            text: args
                .text_field
                .clone()
                .unwrap_or_else(|| "article".to_owned()),
            id: args.id_field.clone().unwrap_or_else(|| "id".to_owned()),
            format: args.input_format.into(),
        };
        return run_jsonl(path, &fields, args.language, args.threads.unwrap_or(0));
    }
    if args.text_field.is_some() || args.id_field.is_some() || args.threads.is_some() {
        return Err(super::options::UsageError(
            "--text-field, --id-field and -j apply only with --jsonl FILE".into(),
        )
        .into());
    }
    let input = super::web::read(args.path.as_ref(), args.input_format, &args.fetch)?;
    let text = &input.ingested.text;
    if text.trim().is_empty() {
        bail!(
            "{}: {}",
            input::display(&input.name),
            precis_core::Error::EmptyInput
        );
    }
    let doc = Document::parse_language(args.language.choose(text), text, usize::MAX);
    let out = match args.format {
        SentencesFormat::Text => {
            let mut out = String::new();
            for s in doc.sentences() {
                let mark = s
                    .boilerplate
                    .map(|b| {
                        format!(
                            " [{}]",
                            serde_json::to_value(b)
                                .unwrap_or_default()
                                .as_str()
                                .unwrap_or("")
                        )
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{}\t{}..{}\tp{}{}\t{}\n",
                    s.index,
                    s.start,
                    s.end,
                    s.paragraph,
                    mark,
                    collapse_space(doc.sentence_text(s))
                ));
            }
            out
        }
        SentencesFormat::Json => {
            let sentences = sentences_json(&doc);
            let v = json!({
                "language": doc.language().code(),
                "language_profile": doc.language().coverage(),
                "form": doc.form(),
                "paragraphs": doc.paragraphs().len(),
                "sentences": sentences,
            });
            format!("{v}\n")
        }
    };
    records::print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `--jsonl`: the segmentation of every record, streamed through the batch pipeline in order.
fn run_jsonl(
    path: &Path,
    fields: &RecordFields,
    language: LanguageChoice,
    threads: usize,
) -> Result<ExitCode> {
    let stdout = Path::new("-");
    source::check_distinct(&[path], &[stdout])?;
    // Raised by the pipeline when the output fails, so that waiting on a quiet input ends too.
    let stop = Arc::new(AtomicBool::new(false));
    let input = source::open_interruptible(path, stop.clone())
        .with_context(|| format!("cannot open {}", path.display()))?;
    let output = Output::create(stdout)?;
    let options = Options {
        threads,
        stop: Some(stop),
        ..Default::default()
    };
    let mut sink = RecordSink::new(output, stdout, |line, rendered: Result<Rendered, _>| {
        let rendered = rendered.unwrap_or_else(|p| panicked_line(line, &p));
        (rendered.json, rendered.ok)
    });
    let run = pipeline::run_into(
        input.reader,
        &options,
        |line| segment_line(fields, language, line),
        &mut sink,
    );
    let errors = match sink.settle(run, path) {
        Settled::Complete { errors, .. } | Settled::Interrupted { errors, .. } => errors,
        Settled::Failed => return Ok(ExitCode::from(1)),
    };
    if errors > 0 {
        say!(
            "precis: {}: {} could not be segmented (error records written in their place)",
            path.display(),
            precis_batch::plural(errors, "record")
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The sentences of `doc` as JSON (one form for one article and for `--jsonl`): the sentence's
/// fields, its character offsets beside the byte offsets, and its exact text.
fn sentences_json(doc: &Document) -> Vec<Value> {
    let mut chars = CharCounter::new(doc.text());
    doc.sentences()
        .iter()
        .map(|s| {
            let mut v = serde_json::to_value(s).unwrap_or_default();
            v["char_start"] = Value::from(chars.at(s.start));
            v["char_end"] = Value::from(chars.at(s.end));
            v["text"] = Value::from(doc.sentence_text(s));
            v
        })
        .collect()
}

/// One record: `{"id", "sentences": [...]}` (plus `extracted` for a web page), or its error record.
fn segment_line(fields: &RecordFields, language: LanguageChoice, line: Line<'_>) -> Rendered {
    let ingested = parse_object(line, &fields.id).and_then(|(mut object, id)| {
        record_language(&object, language)
            .and_then(|language| {
                let text = text_field(&mut object, &fields.text)?;
                let ingested =
                    ingest::ingest_str(text, fields.format).map_err(|e| e.to_string())?;
                Ok((id.clone(), language, ingested))
            })
            .map_err(|message| RecordError { id, message })
    });
    let (id, language, ingested) = match ingested {
        Ok(v) => v,
        Err(e) => return error_line(line.number, &e),
    };
    let language = language.choose(&ingested.text);
    let doc = Document::parse_language(language, &ingested.text, usize::MAX);
    let sentences = sentences_json(&doc);
    let mut v = json!({
        "id": id,
        "language": language.code(),
        "language_profile": language.coverage(),
        "sentences": sentences,
    });
    if let Some(origin) = &ingested.html {
        v["spans_refer_to"] = json!("extracted.text");
        v["extracted"] = json!({"title": origin.title, "text": ingested.text});
    }
    Rendered {
        json: v.to_string(),
        ok: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(bytes: &[u8]) -> Value {
        let r = segment_line(
            &RecordFields::default(),
            LanguageChoice::Auto,
            Line { number: 4, bytes },
        );
        let v: Value = serde_json::from_str(&r.json).unwrap();
        assert_eq!(r.ok, v.get("error").is_none());
        v
    }

    #[test]
    fn a_record_gives_its_sentences_with_spans() {
        let line = br#"{"id":"a1","article":"LONDON (CNN) -- The vote passed. It was close."}"#;
        let v = one(line);
        assert_eq!(v["id"], "a1");
        let s = v["sentences"].as_array().unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0]["boilerplate"], "dateline");
        assert_eq!(s[1]["text"], "The vote passed.");
        assert_eq!((&s[1]["start"], &s[1]["end"]), (&json!(16), &json!(32)));
        assert!(s[1].get("boilerplate").is_none());
        assert_eq!(
            (&s[1]["char_start"], &s[1]["char_end"]),
            (&json!(16), &json!(32))
        );
    }

    #[test]
    fn char_offsets_count_characters() {
        let v = one("{\"article\":\"Zoë’s café reopened. It was full.\"}".as_bytes());
        let s = v["sentences"].as_array().unwrap();
        let text = "Zoë’s café reopened. It was full.";
        let chars: Vec<char> = text.chars().collect();
        for x in s {
            let (a, b) = (
                x["char_start"].as_u64().unwrap() as usize,
                x["char_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[a..b].iter().collect::<String>(),
                x["text"].as_str().unwrap()
            );
        }
        assert_eq!(s[1]["char_start"], 21);
        assert_eq!(s[1]["start"], 25);
    }

    #[test]
    fn a_bad_record_gives_an_error_record_in_place() {
        let v = one(br#"{"id":3,"article":""}"#);
        assert_eq!((&v["id"], &v["line"]), (&json!(3), &json!(4)));
        assert!(v["error"].as_str().unwrap().contains("empty"), "{v}");
        assert!(one(b"{oops")["error"].as_str().unwrap().contains("JSON"));
    }
}
