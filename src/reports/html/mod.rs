//! `--format html`: one self-contained HTML file for auditors, with inline CSS and inline
//! SVG charts (no scripts, fonts or images fetched from anywhere), printable on A4.
//!
//! One file per part of the page: the document shell, the daily trend, the plan shares and
//! the area rankings and tables, over shared table cells.

mod areas;
mod cells;
mod document;
mod plans;
mod report;
#[cfg(test)]
mod tests;
mod trend;

pub use crate::reports::escape::escape;
pub use document::render;
pub use report::HtmlReport;
