//! Text and font stages through the public API: subsets checked by an independent font parser
//! (fontconfig's `fc-query`, FreeType underneath), and Korean line breaking measured the way
//! `../shared/tools/check-pdf` measures it (a line break inside a word of the text's vocabulary).

use super::tools;
use hanji::font::{Family, Pt};
use hanji::font::{FontBook, FontOptions, embedded_fonts, subset_for_web};
use hanji::text::{
    KoreanBreak, LineOptions, Paragraph, SetParagraph, ShapeCache, TextStyle, set_paragraph,
};
use std::collections::BTreeSet;

/// The code points in an `fc-query` charset dump (`%{charset}`: ranges like `ac00-d7a3 20`).
fn fc_charset(out: &str) -> BTreeSet<u32> {
    let mut set = BTreeSet::new();
    for item in out.split_whitespace() {
        let mut parts = item.splitn(2, '-');
        let lo = parts.next().and_then(|h| u32::from_str_radix(h, 16).ok());
        let hi = parts.next().and_then(|h| u32::from_str_radix(h, 16).ok());
        match (lo, hi) {
            (Some(lo), Some(hi)) if hi >= lo && hi - lo < 0x20000 => set.extend(lo..=hi),
            (Some(lo), None) => {
                set.insert(lo);
            }
            _ => {}
        }
    }
    set
}

#[test]
fn epub_subsets_parse_in_fontconfig_and_keep_their_characters() {
    let Some(_) = tools::tool("fc-query") else {
        return;
    };
    let dir = tools::temp_dir("text-subsets");
    let text = "한지(韓紙)는 닥나무 껍질로 뜬 종이. Hanji, café — 1,234원 「책」 ᄒᆞᆫ글";
    let chars: BTreeSet<char> = text.chars().collect();
    for f in embedded_fonts() {
        let data = subset_for_web(f.data(), &chars).expect("subset");
        let path = dir.join(f.file_name);
        std::fs::write(&path, &data).expect("write subset");
        let out = tools::tool("fc-query")
            .expect("fc-query")
            .arg("--format=%{charset}\n")
            .arg(&path)
            .output()
            .expect("run fc-query");
        assert!(out.status.success(), "fc-query rejected {}", f.file_name);
        let got = fc_charset(&String::from_utf8_lossy(&out.stdout));
        // Every character the full face maps must survive subsetting.
        let full = ttf_face_chars(f.data(), &chars);
        for c in full {
            assert!(got.contains(&(c as u32)), "{} lost {c:?}", f.file_name);
        }
        // And it is a subset: far fewer characters than the 11,172 syllables of the original.
        assert!(
            got.len() < 2_000,
            "{} kept {} characters",
            f.file_name,
            got.len()
        );
    }
}

/// Characters of `chars` that the font maps (read with fontconfig too, on the full file).
fn ttf_face_chars(data: &[u8], chars: &BTreeSet<char>) -> Vec<char> {
    let dir = tools::temp_dir("text-full");
    let path = dir.join("full.font");
    std::fs::write(&path, data).expect("write font");
    let out = tools::tool("fc-query")
        .expect("fc-query")
        .arg("--format=%{charset}\n")
        .arg("--index=0")
        .arg(&path)
        .output()
        .expect("run fc-query");
    let set = fc_charset(&String::from_utf8_lossy(&out.stdout));
    chars
        .iter()
        .copied()
        .filter(|&c| set.contains(&(c as u32)))
        .collect()
}

fn style() -> TextStyle {
    TextStyle {
        family: Family::Serif,
        bold: false,
        italic: false,
        size: Pt(10.5),
        baseline_shift: Pt::ZERO,
        tag: 0,
    }
}

fn set(text: &str, width: f32, korean: KoreanBreak) -> SetParagraph {
    static BOOK: std::sync::OnceLock<FontBook> = std::sync::OnceLock::new();
    static CACHE: std::sync::OnceLock<ShapeCache> = std::sync::OnceLock::new();
    let fonts = BOOK.get_or_init(|| FontBook::load(&FontOptions::default()).expect("fonts"));
    let cache = CACHE.get_or_init(ShapeCache::default);
    let p = Paragraph {
        text: text.to_string(),
        styles: vec![(0..text.len(), style())],
        lang: "ko".into(),
        objects: Vec::new(),
    };
    let opts = LineOptions {
        width: Pt(width),
        first_indent: Pt(10.5),
        justify: true,
        korean,
        hyphenate: true,
    };
    set_paragraph(&p, fonts, cache, &opts)
}

/// check-pdf's count: consecutive lines ending / starting with Hangul whose join is a word of
/// the text while the two halves are not both words.
fn midword_breaks(text: &str, s: &SetParagraph) -> usize {
    let is_syl = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    let vocab: BTreeSet<&str> = text
        .split(|c: char| !is_syl(c))
        .filter(|w| !w.is_empty())
        .collect();
    let lines: Vec<String> = s
        .lines
        .iter()
        .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect::<String>())
        .collect();
    let mut mid = 0;
    for pair in lines.windows(2) {
        let tail: String = pair[0].chars().rev().take_while(|&c| is_syl(c)).collect();
        let tail: String = tail.chars().rev().collect();
        let head: String = pair[1].chars().take_while(|&c| is_syl(c)).collect();
        if tail.is_empty() || head.is_empty() {
            continue;
        }
        let joined = format!("{tail}{head}");
        if vocab.contains(joined.as_str())
            && !(vocab.contains(tail.as_str()) && vocab.contains(head.as_str()))
        {
            mid += 1;
        }
    }
    mid
}

const ESSAY: &str = "평일 밤 열한 시, 드라마가 끝나면 메신저의 초당 메시지 수가 몇 분 만에 평소의 두 배 \
    가까이 뛰어오른다. 사람들이 한꺼번에 “방금 그 장면 봤어?”라고 보내기 때문이다. 서버 팀은 이 \
    시간대를 ‘피크’라고 부르고, 배포는 그 전에 끝낸다. 한지(韓紙)는 천 년을 간다는데, 우리의 \
    로그는 고작 30일을 간다. 그래서 중요한 기록은 따로 옮겨 적는다—손으로, 천천히…… 그리고 \
    https://example.com/notes/2024/야간-배포 같은 주소도 남긴다.";

#[test]
fn keep_all_gives_no_midword_breaks_at_any_width() {
    for width in (150..=480).step_by(11) {
        let s = set(ESSAY, width as f32, KoreanBreak::Word);
        assert_eq!(midword_breaks(ESSAY, &s), 0, "width {width}");
        assert!(s.missing.is_empty());
        for (i, l) in s.lines.iter().enumerate() {
            let avail = if i == 0 {
                width as f32 - 10.5
            } else {
                width as f32
            };
            assert!(
                l.width.0 <= avail + 0.01,
                "width {width}: line {i} overfull"
            );
        }
    }
}

#[test]
fn syllable_mode_is_the_other_accepted_style() {
    let mut mid = 0;
    for width in (150..=480).step_by(11) {
        let s = set(ESSAY, width as f32, KoreanBreak::Syllable);
        mid += midword_breaks(ESSAY, &s);
    }
    assert!(mid > 0, "syllable mode should break inside words somewhere");
}

/// Every character of the PDF page as `mutool draw -F stext` reads it: (font name, character).
fn stext_chars(pdf: &std::path::Path) -> Option<Vec<(String, char)>> {
    let out = tools::tool("mutool")?
        .args(["draw", "-F", "stext", "-o", "-"])
        .arg(pdf)
        .output()
        .expect("run mutool");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut font = String::new();
    let mut chars = Vec::new();
    for line in xml.lines() {
        if let Some(rest) = line.strip_prefix("<font name=\"") {
            font = rest.split('"').next().unwrap_or_default().to_string();
        } else if let Some(at) = line.find(" c=\"") {
            let value = &line[at + 4..];
            // MuPDF writes non-ASCII characters as `&#xHEX;`.
            let c = match value.split('"').next().unwrap_or_default() {
                "&amp;" => '&',
                "&lt;" => '<',
                "&gt;" => '>',
                "&quot;" => '"',
                v => v
                    .strip_prefix("&#x")
                    .and_then(|h| h.strip_suffix(';'))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                    .or_else(|| v.chars().next())
                    .unwrap_or(' '),
            };
            chars.push((font.clone(), c));
        }
    }
    Some(chars)
}

/// Issue 11 item 5: Latin inside Korean body text is set in the Latin text serif paired with
/// Nanum Myeongjo (its letters, digits, hyphen and Latin punctuation), while Hangul, Hanja and
/// the curly quotes of Korean text stay in the Korean faces. Read back by MuPDF.
#[test]
fn latin_in_korean_text_is_set_in_the_latin_serif() {
    let dir = tools::temp_dir("text-latin-serif");
    let notes = dir.join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(
        notes.join("a.md"),
        "# 지연 시간\n\n지연 시간(latency)이 길면 throughput-oriented 설계가 낫습니다. \
         ‘인용’처럼 韓紙도 씁니다. Version 2.5, café; naïve.\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = tools::run_hanji(&[
        "build",
        tools::path_arg(&notes),
        "-o",
        tools::path_arg(&out),
        "--format",
        "pdf",
        "--quiet",
    ]);
    assert!(run.status.success(), "{}", tools::stderr_of(&run));
    let Some(chars) = stext_chars(&out.join("book.pdf")) else {
        return;
    };
    // The body paragraph: from "지연 시간(" to "naïve."; the chapter title is in the sans.
    let start = chars
        .windows(2)
        .position(|w| w[0].1 == '(' && w[1].1 == 'l')
        .expect("the paragraph in the PDF");
    let body = &chars[start - 5..];
    let font_of = |want: char| -> Vec<&str> {
        body.iter()
            .filter(|(_, c)| *c == want)
            .map(|(f, _)| f.as_str())
            .collect()
    };
    for c in [
        'l', 'y', 't', '-', '(', ')', '2', '.', ',', 'é', 'ï', ';', 'V',
    ] {
        let fonts = font_of(c);
        assert!(!fonts.is_empty(), "{c:?} in the paragraph");
        assert!(
            fonts.iter().all(|f| f.contains("HanjiLatinSerif")),
            "{c:?} set in {fonts:?}"
        );
    }
    for c in ['지', '연', '설', '‘', '’'] {
        let fonts = font_of(c);
        assert!(
            !fonts.is_empty() && fonts.iter().all(|f| f.contains("NanumMyeongjo")),
            "{c:?} set in {fonts:?}"
        );
    }
    assert!(font_of('韓').iter().all(|f| f.contains("NotoSerifCJK")));
    // And the text still reads as written: no space where the face changes.
    let text: String = body.iter().map(|(_, c)| c).collect();
    assert!(text.contains("시간(latency)이"), "{text}");
    assert!(text.contains("throughput-oriented"), "{text}");
}
