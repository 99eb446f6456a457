//! What a learner writes about a lesson (有记录、有笔记、有心得, R-ONL-5): notes taken while
//! watching, at a point of the video, and reflections on the lesson as a whole; a head teacher
//! or the training authority reads them and answers with a comment.

use crate::code_enum;

code_enum! {
    /// A note or a reflection.
    pub enum NoteKind {
        Note => ("note", "学习笔记", "Note"),
        Reflection => ("reflection", "学习心得", "Reflection"),
    }
}

/// The longest note or reflection, in characters (a reflection is a page or two).
pub const MAX_NOTE_CHARS: usize = 5000;
/// The longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// What is wrong with a note's text, if anything.
pub fn check_body(body: &str) -> Result<&str, &'static str> {
    let body = body.trim();
    if body.is_empty() {
        Err("请写下笔记或心得的内容")
    } else if body.chars().count() > MAX_NOTE_CHARS {
        Err("笔记或心得不能超过 5000 个字")
    } else {
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_trimmed_and_neither_empty_nor_longer_than_the_limit() {
        assert_eq!(check_body("  学习体会  "), Ok("学习体会"));
        assert!(check_body(" \n ").is_err());
        assert!(check_body(&"字".repeat(MAX_NOTE_CHARS)).is_ok());
        assert!(check_body(&"字".repeat(MAX_NOTE_CHARS + 1)).is_err());
    }
}
