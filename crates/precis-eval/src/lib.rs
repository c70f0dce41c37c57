//! precis-eval (work in progress)
