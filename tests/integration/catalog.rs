//! Integration tests: catalog.
#![allow(unused_imports)]
use crate::common::*;
