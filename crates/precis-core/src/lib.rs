//! precis-core (work in progress)
