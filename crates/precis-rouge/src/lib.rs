//! precis-rouge (work in progress)
