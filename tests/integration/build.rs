//! Integration tests: build.
#![allow(unused_imports)]
use crate::common::*;
