//! precis-batch (work in progress)
