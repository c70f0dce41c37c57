//! precis-extract (work in progress)
