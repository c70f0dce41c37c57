//! Which language an article is in: a caller's choice ([`LanguageChoice`]), or detection with
//! `whatlang` (trigram statistics, 70 languages, no model files: it was measured against
//! `lingua`, whose models add 2–3.5 MB of crate per language; see `bench/languages/README.md`).
//!
//! The rule of `auto`, written once here and documented in the README:
//! - detection reads the first [`DETECT_BYTES`] bytes of the text (cost bounded whatever the
//!   article's length; the opening of a mixed-language article decides);
//! - text with fewer than [`MIN_LETTERS`] letters there is too short for trigram statistics: it
//!   gets the language of its script when only one language precis knows writes in it (Chinese,
//!   Japanese, Korean, Thai, Khmer, Hebrew, Greek, Georgian, Armenian), the fallback otherwise;
//! - text whose detection whatlang itself calls unreliable gets the fallback language (English
//!   unless the caller gives another);
//! - a detected language precis has no profile for is still the answer: its code is reported,
//!   and the article is read with the generic profile.
//!
//! ```
//! use precis_core::language::{Language, LanguageChoice};
//! let text = "Die Bundesregierung hat am Mittwoch neue Regeln für den Wohnungsbau beschlossen. \
//!             Die Kosten sollen sinken, sagte die Ministerin in Berlin nach der Sitzung des Kabinetts.";
//! assert_eq!(LanguageChoice::Auto.choose(text).code(), "de");
//! assert_eq!(LanguageChoice::Auto.choose("Hi.").code(), "en"); // too short: the fallback
//! assert_eq!(LanguageChoice::Auto.choose("这是第一句话。这是第二句话！").code(), "zh"); // its script's
//! let zh: LanguageChoice = "zh".parse().unwrap();
//! assert!(zh.choose("任何文本").is_generic());
//! assert!("xx".parse::<LanguageChoice>().is_err());
//! ```

use std::fmt;
use std::str::FromStr;

use whatlang::{Lang, Script};

use super::{Coverage, GENERIC, Profile};

/// Bytes of the text that detection reads (a little less, to end on a character boundary).
pub const DETECT_BYTES: usize = 1000;

/// Letters the detected part must hold before detection is trusted.
pub const MIN_LETTERS: usize = 40;

/// A language as precis reads it: its ISO 639-1 code and the profile its text is read with
/// ([`GENERIC`] for a language without one).
#[derive(Debug, Clone, Copy)]
pub struct Language {
    code: &'static str,
    name: &'static str,
    profile: &'static Profile,
}

impl PartialEq for Language {
    fn eq(&self, other: &Language) -> bool {
        self.code == other.code && std::ptr::eq(self.profile, other.profile)
    }
}

impl Eq for Language {}

impl Language {
    /// English, the fallback of detection.
    pub const ENGLISH: Language = Language {
        code: "en",
        name: "English",
        profile: super::ENGLISH,
    };

    /// The language of a profile (its code is the profile's code).
    pub fn of_profile(profile: &'static Profile) -> Language {
        Language {
            code: profile.code,
            name: profile.name,
            profile,
        }
    }

    /// The language of an ISO 639-1 code (any case): one with a profile, or one that detection
    /// knows (read with the generic profile). `None` for any other code.
    pub fn from_code(code: &str) -> Option<Language> {
        if let Some(p) = super::profile(code) {
            return Some(Language::of_profile(p));
        }
        KNOWN
            .iter()
            .find(|(_, c, _)| c.eq_ignore_ascii_case(code))
            .map(|&(_, code, name)| Language::from_known(code, name))
    }

    /// A code of [`KNOWN`]: its profile if precis has one, else the generic profile.
    fn from_known(code: &'static str, name: &'static str) -> Language {
        match super::profile(code) {
            Some(p) => Language::of_profile(p),
            None => Language {
                code,
                name,
                profile: GENERIC,
            },
        }
    }

    /// Every language precis accepts: those with a profile first (full, then word pipeline), then
    /// the others detection knows, by code.
    pub fn all() -> Vec<Language> {
        let mut all: Vec<Language> = super::profiles()
            .iter()
            .map(|p| Language::of_profile(p))
            .collect();
        let mut others: Vec<Language> = KNOWN
            .iter()
            .filter(|(_, c, _)| super::profile(c).is_none())
            .map(|&(_, c, n)| Language::from_known(c, n))
            .collect();
        others.sort_by_key(|l| l.code);
        others.dedup_by_key(|l| l.code);
        all.extend(others);
        all
    }

    /// ISO 639-1 code (`en`, `de`, `zh`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// English name of the language.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The profile the text is read with.
    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    /// How much of the profile is written for this language.
    pub fn coverage(&self) -> Coverage {
        self.profile.coverage
    }

    /// True when precis has no profile for the language (it is read generically).
    pub fn is_generic(&self) -> bool {
        self.profile.coverage == Coverage::Generic
    }

    /// True for the languages written without spaces between words (Chinese, Japanese, Thai,
    /// Khmer, Burmese): precis cannot find their words, so it never splits inside one and reads
    /// the text by its sentence punctuation alone.
    pub fn unspaced(&self) -> bool {
        matches!(self.code, "zh" | "ja" | "th" | "km" | "my")
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// What a caller asks for: detection per article, or one language for every article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LanguageChoice {
    /// Detect the language of each article (falling back to English; see the module docs).
    #[default]
    Auto,
    /// Read every article in this language.
    Fixed(Language),
}

impl LanguageChoice {
    /// The language to read `text` in.
    pub fn choose(&self, text: &str) -> Language {
        match self {
            LanguageChoice::Auto => detect(text).unwrap_or(Language::ENGLISH),
            LanguageChoice::Fixed(language) => *language,
        }
    }

    /// `auto` and every code [`Language::from_code`] accepts, for `--help` texts.
    pub fn codes() -> String {
        let mut codes = String::from("auto");
        for l in Language::all() {
            codes.push(' ');
            codes.push_str(l.code);
        }
        codes
    }
}

impl fmt::Display for LanguageChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LanguageChoice::Auto => f.write_str("auto"),
            LanguageChoice::Fixed(l) => l.fmt(f),
        }
    }
}

/// The codes `--language` accepts, by how much precis knows of each (for `--help`; a test keeps
/// it equal to [`LanguageChoice::codes`]).
pub const CODES_HELP: &str = "\
auto (the default): detect each article's language (English when too short or mixed to tell);
full profiles: en de fr es it pt nl ru tr;
stop words and stemmer on the generic segmenter: ar da el fi hu no ro sv ta;
read generically (the output says \"language_profile\": \"generic\"): \
af ak am az be bg bn ca cs cy eo et fa gu he hi hr hy id ja jv ka km kn ko la lt lv mk ml mr my \
ne or pa pl si sk sl sn sr te th tk tl uk ur uz vi yi zh zu";

/// A language code precis does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?} (expected auto or an ISO 639-1 code: {codes})", codes = LanguageChoice::codes())]
pub struct UnknownLanguage(pub String);

impl FromStr for LanguageChoice {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("auto") {
            return Ok(LanguageChoice::Auto);
        }
        Language::from_code(s)
            .map(LanguageChoice::Fixed)
            .ok_or_else(|| UnknownLanguage(s.to_owned()))
    }
}

/// Detects the language of `text` by the rule of the module docs; `None` when the text is too
/// short or the detection unreliable (the caller's fallback applies).
pub fn detect(text: &str) -> Option<Language> {
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let letters = head.chars().filter(|c| c.is_alphabetic()).take(MIN_LETTERS);
    if letters.count() < MIN_LETTERS {
        return by_script(head);
    }
    if english_at_a_glance(head) {
        return Some(Language::ENGLISH);
    }
    let info = whatlang::detect(head)?;
    // whatlang calls most texts of two or three sentences unreliable; its answer is still far
    // better than the fallback once plain English is ruled out above, unless it is English
    // itself or barely preferred.
    if !info.is_reliable() && (info.lang() == Lang::Eng || info.confidence() < UNSURE) {
        return None;
    }
    let (_, code, name) = KNOWN.iter().find(|(l, _, _)| *l == info.lang())?;
    Some(Language::from_known(code, name))
}

/// The language of a text too short for statistics, when its script tells it: a script that only
/// one language precis knows writes in (Han with any kana is Japanese, without it Chinese).
/// Latin, Cyrillic, Arabic or Devanagari text says nothing this way: `None`, the fallback.
fn by_script(head: &str) -> Option<Language> {
    let is_kana = |c: char| ('\u{3040}'..='\u{30ff}').contains(&c);
    let lang = match whatlang::detect_script(head)? {
        Script::Mandarin if head.chars().any(is_kana) => Lang::Jpn,
        Script::Mandarin => Lang::Cmn,
        Script::Hiragana | Script::Katakana => Lang::Jpn,
        Script::Hangul => Lang::Kor,
        Script::Thai => Lang::Tha,
        Script::Khmer => Lang::Khm,
        Script::Hebrew => Lang::Heb,
        Script::Greek => Lang::Ell,
        Script::Georgian => Lang::Kat,
        Script::Armenian => Lang::Hye,
        _ => return None,
    };
    let (_, code, name) = KNOWN.iter().find(|(l, _, _)| *l == lang)?;
    Some(Language::from_known(code, name))
}

/// The confidence below which an answer whatlang calls unreliable gives the fallback instead.
const UNSURE: f64 = 0.1;

/// The words that make up a large share of any English text and are rare elsewhere (no `a`,
/// `in`, `is`, `was`, `will`, `on`, `die`: words of German, Dutch, French or Italian too).
const ENGLISH_MARKERS: [&str; 30] = [
    "the", "of", "and", "to", "for", "that", "with", "said", "his", "from", "have", "were", "been",
    "which", "would", "after", "they", "their", "who", "not", "but", "this", "are", "it", "its",
    "be", "he", "she", "has", "had",
];

/// A word of at most 5 bytes as one integer (big-endian, so keys of different lengths differ).
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() {
        key = key << 8 | word[i] as u64;
        i += 1;
    }
    key
}

/// [`ENGLISH_MARKERS`] packed and sorted at compile time, for a binary search per word.
const MARKER_KEYS: [u64; 30] = {
    let mut keys = [0u64; 30];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = pack(ENGLISH_MARKERS[i].as_bytes());
        i += 1;
    }
    // Insertion sort (const context).
    let mut i = 1;
    while i < keys.len() {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// Words an opening needs before [`english_at_a_glance`] may call it English.
const GLANCE_WORDS: usize = 24;

/// True when the opening is plainly English: from its first [`GLANCE_WORDS`] words on, some
/// opening run of words holds `the` and at least one [`ENGLISH_MARKERS`] word in eight. A
/// shortcut past whatlang (hundreds of times dearer) for the English most news is in; a test
/// checks that whatlang agrees on the corpora, and `bench/languages/identify.sh` counts how often
/// it is taken.
///
/// Hand-written over bytes because it runs on every article: a word is a run of ASCII letters
/// or non-ASCII bytes (a word with a non-ASCII letter is never a marker), and a marker lookup is
/// a binary search over integers.
fn english_at_a_glance(head: &str) -> bool {
    const THE: u64 = pack(b"the");
    let is_word = |b: u8| b.is_ascii_alphabetic() || b >= 0x80;
    let bytes = head.as_bytes();
    let (mut words, mut hits, mut the) = (0usize, 0usize, false);
    let mut i = 0;
    loop {
        while i < bytes.len() && !is_word(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        if start == i {
            return false;
        }
        words += 1;
        if i - start <= 5 {
            // `| 0x20` lower-cases ASCII letters; a byte of 0x80 or more stays unlike any marker.
            let key = bytes[start..i]
                .iter()
                .fold(0u64, |key, &b| key << 8 | u64::from(b | 0x20));
            if MARKER_KEYS.binary_search(&key).is_ok() {
                hits += 1;
                the |= key == THE;
            }
        }
        if the && words >= GLANCE_WORDS && hits * 8 >= words {
            return true;
        }
    }
}

/// Whether [`detect`] takes its English shortcut on `text` (for the test and the benchmark
/// that check the shortcut).
#[doc(hidden)]
pub fn english_shortcut(text: &str) -> bool {
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    english_at_a_glance(&text[..end])
}

/// whatlang's languages with their ISO 639-1 codes and English names (whatlang names them by
/// ISO 639-3). Norwegian Bokmål is `no`, the code of the Norwegian stemmer's profile.
const KNOWN: &[(Lang, &str, &str)] = &[
    (Lang::Afr, "af", "Afrikaans"),
    (Lang::Aka, "ak", "Akan"),
    (Lang::Amh, "am", "Amharic"),
    (Lang::Ara, "ar", "Arabic"),
    (Lang::Aze, "az", "Azerbaijani"),
    (Lang::Bel, "be", "Belarusian"),
    (Lang::Ben, "bn", "Bengali"),
    (Lang::Bul, "bg", "Bulgarian"),
    (Lang::Cat, "ca", "Catalan"),
    (Lang::Ces, "cs", "Czech"),
    (Lang::Cmn, "zh", "Chinese"),
    (Lang::Cym, "cy", "Welsh"),
    (Lang::Dan, "da", "Danish"),
    (Lang::Deu, "de", "German"),
    (Lang::Ell, "el", "Greek"),
    (Lang::Eng, "en", "English"),
    (Lang::Epo, "eo", "Esperanto"),
    (Lang::Est, "et", "Estonian"),
    (Lang::Fin, "fi", "Finnish"),
    (Lang::Fra, "fr", "French"),
    (Lang::Guj, "gu", "Gujarati"),
    (Lang::Heb, "he", "Hebrew"),
    (Lang::Hin, "hi", "Hindi"),
    (Lang::Hrv, "hr", "Croatian"),
    (Lang::Hun, "hu", "Hungarian"),
    (Lang::Hye, "hy", "Armenian"),
    (Lang::Ind, "id", "Indonesian"),
    (Lang::Ita, "it", "Italian"),
    (Lang::Jav, "jv", "Javanese"),
    (Lang::Jpn, "ja", "Japanese"),
    (Lang::Kan, "kn", "Kannada"),
    (Lang::Kat, "ka", "Georgian"),
    (Lang::Khm, "km", "Khmer"),
    (Lang::Kor, "ko", "Korean"),
    (Lang::Lat, "la", "Latin"),
    (Lang::Lav, "lv", "Latvian"),
    (Lang::Lit, "lt", "Lithuanian"),
    (Lang::Mal, "ml", "Malayalam"),
    (Lang::Mar, "mr", "Marathi"),
    (Lang::Mkd, "mk", "Macedonian"),
    (Lang::Mya, "my", "Burmese"),
    (Lang::Nep, "ne", "Nepali"),
    (Lang::Nld, "nl", "Dutch"),
    (Lang::Nob, "no", "Norwegian"),
    (Lang::Ori, "or", "Oriya"),
    (Lang::Pan, "pa", "Punjabi"),
    (Lang::Pes, "fa", "Persian"),
    (Lang::Pol, "pl", "Polish"),
    (Lang::Por, "pt", "Portuguese"),
    (Lang::Ron, "ro", "Romanian"),
    (Lang::Rus, "ru", "Russian"),
    (Lang::Sin, "si", "Sinhala"),
    (Lang::Slk, "sk", "Slovak"),
    (Lang::Slv, "sl", "Slovenian"),
    (Lang::Sna, "sn", "Shona"),
    (Lang::Spa, "es", "Spanish"),
    (Lang::Srp, "sr", "Serbian"),
    (Lang::Swe, "sv", "Swedish"),
    (Lang::Tam, "ta", "Tamil"),
    (Lang::Tel, "te", "Telugu"),
    (Lang::Tgl, "tl", "Tagalog"),
    (Lang::Tha, "th", "Thai"),
    (Lang::Tuk, "tk", "Turkmen"),
    (Lang::Tur, "tr", "Turkish"),
    (Lang::Ukr, "uk", "Ukrainian"),
    (Lang::Urd, "ur", "Urdu"),
    (Lang::Uzb, "uz", "Uzbek"),
    (Lang::Vie, "vi", "Vietnamese"),
    (Lang::Yid, "yi", "Yiddish"),
    (Lang::Zul, "zu", "Zulu"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_whatlang_language_has_a_code() {
        for l in Lang::all() {
            assert!(KNOWN.iter().any(|(k, _, _)| k == l), "{l:?}");
        }
        assert_eq!(KNOWN.len(), Lang::all().len());
        for p in super::super::profiles() {
            assert!(KNOWN.iter().any(|(_, c, _)| *c == p.code), "{}", p.code);
        }
    }

    #[test]
    fn codes_parse_and_print() {
        for l in Language::all() {
            let choice: LanguageChoice = l.code().parse().unwrap();
            assert_eq!(choice, LanguageChoice::Fixed(l));
            assert_eq!(choice.to_string(), l.code());
        }
        assert_eq!("AUTO".parse::<LanguageChoice>(), Ok(LanguageChoice::Auto));
        assert!("german".parse::<LanguageChoice>().is_err());
        assert!("".parse::<LanguageChoice>().is_err());
        let zh = Language::from_code("zh").unwrap();
        assert!(zh.is_generic() && zh.unspaced());
        assert_eq!(
            Language::from_code("de").unwrap().coverage(),
            Coverage::Full
        );
        assert_eq!(
            Language::from_code("sv").unwrap().coverage(),
            Coverage::Words
        );
    }

    #[test]
    fn the_help_lists_every_code() {
        // `auto (…): prose;` then `kind: codes;` for each kind of profile.
        let (first, lists) = CODES_HELP.split_once(';').unwrap();
        assert!(first.starts_with("auto"));
        let mut listed = vec!["auto"];
        for list in lists.split(';') {
            listed.extend(list.rsplit_once(':').unwrap().1.split_whitespace());
        }
        let codes = LanguageChoice::codes();
        let expected: Vec<&str> = codes.split(' ').collect();
        assert_eq!(listed, expected);
    }

    /// The sentences of a segmentation corpus, in windows of eight (news-length texts).
    fn corpus_texts(code: &str) -> Vec<String> {
        let name = if code == "en" {
            "cases.txt".to_owned()
        } else {
            format!("cases.{code}.txt")
        };
        let path = format!("{}/tests/segmentation/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "===")
            .collect();
        lines.chunks(8).map(|c| c.join(" ")).collect()
    }

    #[test]
    fn the_english_shortcut_agrees_with_whatlang() {
        let mut taken = 0;
        for code in ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "tr"] {
            for text in corpus_texts(code) {
                if english_shortcut(&text) {
                    taken += 1;
                    assert_eq!(code, "en", "{text}");
                    let reference = whatlang::detect(&text).map(|i| i.lang());
                    assert_eq!(reference, Some(Lang::Eng), "{text}");
                }
            }
        }
        assert!(taken > 30, "{taken}");
    }

    #[test]
    fn news_length_texts_are_identified() {
        for code in ["de", "fr", "es", "it", "pt", "ru", "tr"] {
            let texts = corpus_texts(code);
            let right = texts
                .iter()
                .filter(|t| LanguageChoice::Auto.choose(t).code() == code)
                .count();
            assert!(
                right * 10 >= texts.len() * 9,
                "{code}: {right} of {}",
                texts.len()
            );
        }
    }

    #[test]
    fn the_glance_counts_words_as_a_simple_reference_does() {
        // The reference: words split at anything but letters, compared as lower-case strings.
        let reference = |text: &str| {
            let (mut words, mut hits, mut the) = (0usize, 0usize, false);
            for w in text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
            {
                words += 1;
                let w = w.to_ascii_lowercase();
                if ENGLISH_MARKERS.contains(&w.as_str()) {
                    hits += 1;
                    the |= w == "the";
                }
                if the && words >= GLANCE_WORDS && hits * 8 >= words {
                    return true;
                }
            }
            false
        };
        for code in ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "tr"] {
            for text in corpus_texts(code) {
                let ascii: String = text.chars().filter(char::is_ascii).collect();
                assert_eq!(english_at_a_glance(&ascii), reference(&ascii), "{ascii}");
            }
        }
    }

    #[test]
    fn short_and_unreadable_texts_fall_back() {
        for text in ["", "Hi.", "12:45 — 3,400 € (2024)", "!!!!! ????? ....."] {
            assert_eq!(detect(text), None, "{text:?}");
            assert_eq!(LanguageChoice::Auto.choose(text), Language::ENGLISH);
        }
    }

    #[test]
    fn a_short_text_takes_the_language_of_its_script_when_only_one_writes_in_it() {
        let code = |t: &str| LanguageChoice::Auto.choose(t).code();
        assert_eq!(code("这是第一句话。这是第二句话！"), "zh");
        assert_eq!(code("東京で地震がありました。"), "ja");
        assert_eq!(code("서울에서 회의가 열렸다."), "ko");
        assert_eq!(code("วันนี้ฝนตกหนัก"), "th");
        assert_eq!(code("הממשלה אישרה את התקציב."), "he");
        assert_eq!(code("Η κυβέρνηση ενέκρινε."), "el");
        // Scripts shared by many languages say nothing: the fallback.
        assert_eq!(code("Правительство одобрило."), "en");
        assert_eq!(code("Die Regierung tagt."), "en");
        assert_eq!(code("12 34 !?"), "en");
    }

    #[test]
    fn detection_reads_a_bounded_prefix() {
        // A character that straddles the cut does not panic.
        let text = "é".repeat(DETECT_BYTES);
        let _ = detect(&text);
        let french = "Le gouvernement a présenté mercredi un projet de loi sur les retraites, \
                      qui doit être examiné par les députés au printemps prochain. ";
        let tail = "The government said on Wednesday that the plan would be presented in spring. ";
        let mixed = format!("{}{}", french.repeat(20), tail.repeat(20));
        assert_eq!(detect(&mixed).map(|l| l.code()), Some("fr"));
    }
}
