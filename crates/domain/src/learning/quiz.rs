//! A course's quiz (学习测试, R-REG-8: passing it earns 0.5 class hours): questions of one or more
//! right options, a pass mark and a number of attempts, graded by the server alone — the page
//! is given the questions and options, never the answers.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Questions a quiz holds at most.
pub const MAX_QUESTIONS: usize = 50;
/// Options a question offers at most.
pub const MAX_OPTIONS: usize = 8;
/// Characters of a question or an option at most.
pub const MAX_TEXT: usize = 500;

/// One question: its text, the options in the order shown, and which of them are right (one
/// for a single-choice question, several for a multiple-choice one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub text: String,
    pub options: Vec<String>,
    /// Indexes into `options`.
    pub answers: BTreeSet<usize>,
}

/// A quiz as its keeper writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    pub questions: Vec<Question>,
    /// The share of questions to get right, in per cent.
    pub pass_percent: u32,
    /// How many times a learner may sit it.
    pub max_attempts: u32,
}

/// Why a quiz or an answer sheet was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuizError {
    #[error("测验至少要有 1 道题，最多 {MAX_QUESTIONS} 道")]
    QuestionCount,
    #[error("第 {0} 题的题目为空或超过 {MAX_TEXT} 字")]
    QuestionText(usize),
    #[error(
        "第 {0} 题须有 2 至 {MAX_OPTIONS} 个选项，每个选项不空且不超过 {MAX_TEXT} 字，且不重复"
    )]
    Options(usize),
    #[error("第 {0} 题须标出至少一个正确选项")]
    Answers(usize),
    #[error("合格分数线应在 1% 至 100% 之间")]
    PassPercent,
    #[error("答题次数应在 1 至 10 次之间")]
    Attempts,
    #[error("答卷须对每道题作答（共 {0} 题），选项须在题目给出的范围内")]
    Sheet(usize),
}

impl QuizError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            QuizError::QuestionCount => "QUIZ_QUESTION_COUNT",
            QuizError::QuestionText(_) => "QUIZ_QUESTION_TEXT",
            QuizError::Options(_) => "QUIZ_OPTIONS",
            QuizError::Answers(_) => "QUIZ_ANSWERS",
            QuizError::PassPercent => "QUIZ_PASS_PERCENT",
            QuizError::Attempts => "QUIZ_ATTEMPTS",
            QuizError::Sheet(_) => "QUIZ_SHEET",
        }
    }
}

/// The result of one sitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graded {
    pub correct: u32,
    pub total: u32,
    pub passed: bool,
}

impl Graded {
    /// Right answers in per cent, rounded down.
    pub fn percent(&self) -> u32 {
        (self.correct * 100).checked_div(self.total).unwrap_or(0)
    }
}

fn text_ok(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.chars().count() <= MAX_TEXT
}

impl Quiz {
    /// Checks a quiz as written (numbers in errors count from 1, as people number questions).
    pub fn check(&self) -> Result<(), QuizError> {
        if self.questions.is_empty() || self.questions.len() > MAX_QUESTIONS {
            return Err(QuizError::QuestionCount);
        }
        for (i, q) in self.questions.iter().enumerate() {
            let n = i + 1;
            if !text_ok(&q.text) {
                return Err(QuizError::QuestionText(n));
            }
            let distinct: BTreeSet<&str> = q.options.iter().map(|o| o.trim()).collect();
            if !(2..=MAX_OPTIONS).contains(&q.options.len())
                || !q.options.iter().all(|o| text_ok(o))
                || distinct.len() != q.options.len()
            {
                return Err(QuizError::Options(n));
            }
            if q.answers.is_empty() || q.answers.iter().any(|a| *a >= q.options.len()) {
                return Err(QuizError::Answers(n));
            }
        }
        if !(1..=100).contains(&self.pass_percent) {
            return Err(QuizError::PassPercent);
        }
        if !(1..=10).contains(&self.max_attempts) {
            return Err(QuizError::Attempts);
        }
        Ok(())
    }

    /// Grades an answer sheet: one set of chosen options per question, in order. A question is
    /// right only when exactly its right options are chosen.
    pub fn grade(&self, sheet: &[BTreeSet<usize>]) -> Result<Graded, QuizError> {
        let total = self.questions.len();
        if sheet.len() != total
            || self.questions.iter().zip(sheet).any(|(q, chosen)| {
                chosen.is_empty() || chosen.iter().any(|c| *c >= q.options.len())
            })
        {
            return Err(QuizError::Sheet(total));
        }
        let correct = self
            .questions
            .iter()
            .zip(sheet)
            .filter(|(q, chosen)| q.answers == **chosen)
            .count() as u32;
        let total = total as u32;
        // Passed when correct / total reaches the mark, compared without rounding.
        let passed = u64::from(correct) * 100 >= u64::from(self.pass_percent) * u64::from(total);
        Ok(Graded {
            correct,
            total,
            passed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(options: &[&str], answers: &[usize]) -> Question {
        Question {
            text: "下列说法正确的是".into(),
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            answers: answers.iter().copied().collect(),
        }
    }

    fn quiz() -> Quiz {
        Quiz {
            questions: vec![
                question(&["甲", "乙", "丙"], &[1]),
                question(&["甲", "乙", "丙", "丁"], &[0, 2]),
                question(&["对", "错"], &[0]),
            ],
            pass_percent: 60,
            max_attempts: 3,
        }
    }

    fn sheet(answers: &[&[usize]]) -> Vec<BTreeSet<usize>> {
        answers
            .iter()
            .map(|a| a.iter().copied().collect())
            .collect()
    }

    #[test]
    fn a_question_is_right_only_with_exactly_its_right_options() {
        let quiz = quiz();
        let all_right = quiz.grade(&sheet(&[&[1], &[0, 2], &[0]])).unwrap();
        assert_eq!((all_right.correct, all_right.passed), (3, true));
        assert_eq!(all_right.percent(), 100);
        // One of two right options is not right; a superset neither.
        let partial = quiz.grade(&sheet(&[&[1], &[0], &[0, 1]])).unwrap();
        assert_eq!((partial.correct, partial.passed), (1, false));
        // Two of three is 66%: above a 60% mark; below a 67% one.
        let two = quiz.grade(&sheet(&[&[1], &[0, 2], &[1]])).unwrap();
        assert!(two.passed);
        let strict = Quiz {
            pass_percent: 67,
            ..quiz.clone()
        };
        assert!(!strict.grade(&sheet(&[&[1], &[0, 2], &[1]])).unwrap().passed);
    }

    #[test]
    fn a_sheet_must_answer_every_question_within_its_options() {
        let quiz = quiz();
        for bad in [
            sheet(&[&[1], &[0, 2]]),
            sheet(&[&[1], &[0, 2], &[]]),
            sheet(&[&[1], &[0, 9], &[0]]),
            sheet(&[&[1], &[0, 2], &[0], &[0]]),
        ] {
            assert_eq!(quiz.grade(&bad), Err(QuizError::Sheet(3)));
        }
    }

    #[test]
    fn a_quiz_is_checked_question_by_question() {
        assert_eq!(quiz().check(), Ok(()));
        let with = |f: &dyn Fn(&mut Quiz)| {
            let mut q = quiz();
            f(&mut q);
            q.check().unwrap_err()
        };
        assert_eq!(with(&|q| q.questions.clear()), QuizError::QuestionCount);
        assert_eq!(
            with(&|q| q.questions[1].text = " ".into()),
            QuizError::QuestionText(2)
        );
        assert_eq!(
            with(&|q| q.questions[0].options = vec!["甲".into()]),
            QuizError::Options(1)
        );
        assert_eq!(
            with(&|q| q.questions[0].options = vec!["甲".into(), "甲".into()]),
            QuizError::Options(1)
        );
        assert_eq!(
            with(&|q| q.questions[2].answers = [5].into()),
            QuizError::Answers(3)
        );
        assert_eq!(
            with(&|q| q.questions[2].answers.clear()),
            QuizError::Answers(3)
        );
        assert_eq!(with(&|q| q.pass_percent = 0), QuizError::PassPercent);
        assert_eq!(with(&|q| q.max_attempts = 11), QuizError::Attempts);
        assert_eq!(QuizError::Options(1).code(), "QUIZ_OPTIONS");
    }
}
