//! Annual plans on paper, in Excel and against what was done (issue 17 item 12).

mod execution;
