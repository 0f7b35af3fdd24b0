//! Code-fence tracking for the line-by-line pre-passes (MDX lines, `%%comments%%`, Docusaurus
//! `:::` fences, JSX tags): none of them may touch the inside of a fenced code block.

/// `(char, count)` when `line` opens or closes a code fence (``` or ~~~).
pub(crate) fn fence_marker(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start_matches([' ', '>']).trim_start();
    let c = *t.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// Whether a pre-pass walking a body line by line is inside a fenced code block.
#[derive(Debug, Default)]
pub(crate) struct Fences {
    /// The open fence `(char, count)`, if any.
    open: Option<(u8, usize)>,
    /// CommonMark §4.5: a closing fence carries nothing but spaces after its run.
    strict_close: bool,
}

impl Fences {
    /// A tracker that closes a fence on any run of the same char at least as long.
    pub(crate) fn new() -> Self {
        Fences::default()
    }

    /// A tracker whose closing fence must have nothing after its run (CommonMark §4.5).
    pub(crate) fn strict() -> Self {
        Fences {
            open: None,
            strict_close: true,
        }
    }

    /// Feeds one line (without its `\n`); true when the pass must skip it: a fence line or a
    /// line inside a code block.
    pub(crate) fn skip_line(&mut self, content: &str) -> bool {
        let Some((c, n)) = fence_marker(content) else {
            return self.open.is_some();
        };
        match self.open {
            None => self.open = Some((c, n)),
            Some((oc, on)) if c == oc && n >= on && (!self.strict_close || closes(content, c)) => {
                self.open = None
            }
            _ => {}
        }
        true
    }

    /// True inside a fenced code block (for lines that must not open or close one).
    pub(crate) fn in_code(&self) -> bool {
        self.open.is_some()
    }
}

/// Nothing but the fence run (and spaces) on the line.
fn closes(content: &str, c: u8) -> bool {
    content
        .trim_start()
        .trim_start_matches(c as char)
        .trim()
        .is_empty()
}

/// `(start offset, line without its '\n')` for every line of `body`.
pub(crate) fn body_lines(body: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    body.split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, line.strip_suffix('\n').unwrap_or(line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_fences() {
        let body = "a\n```rust\nx\n``` not\ny\n```\nb\n~~~\n";
        let mut lax = Fences::new();
        let skipped: Vec<&str> = body_lines(body)
            .filter(|(_, l)| lax.skip_line(l))
            .map(|(_, l)| l)
            .collect();
        // Lax: "``` not" closes, so `y` is prose and the second "```" opens again.
        assert_eq!(skipped, ["```rust", "x", "``` not", "```", "b", "~~~"]);
        let mut strict = Fences::strict();
        let kept: Vec<&str> = body_lines(body)
            .filter(|(_, l)| !strict.skip_line(l))
            .map(|(_, l)| l)
            .collect();
        assert_eq!(kept, ["a", "b"]);
        assert!(strict.in_code());
    }

    #[test]
    fn offsets_and_crlf() {
        let lines: Vec<(usize, &str)> = body_lines("ab\ncd\r\ne").collect();
        assert_eq!(lines, [(0, "ab"), (3, "cd\r"), (7, "e")]);
    }
}
