//! What people see, drawn from the analytics: what the chart draws over a series ([`timeline`]:
//! normal range, spikes, incidents), charts ([`chart`], plotters with the embedded [`fonts`]; [`aligned`], incidents
//! aligned at their starts) and the briefing PDF with its companion files ([`brief`]). Nothing here reads the
//! store except through the facts it is handed; nothing here reads the clock.

pub mod aligned;
pub mod brief;
pub mod chart;
pub mod fonts;
pub mod table;
pub mod timeline;
