//! precis-serve (work in progress)
