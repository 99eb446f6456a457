//! People (干部): the values a person's record is made of — names, ID card numbers, phone numbers,
//! categories and ranks — each valid by construction, and the initials used to find a name.

pub mod idcard;
pub mod import;
pub mod name;
pub mod person;
pub mod phone;
pub mod pinyin_initials;
