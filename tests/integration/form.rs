//! Integration tests: form.
#![allow(unused_imports)]
use crate::common::*;
