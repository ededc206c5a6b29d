// A validated element-wise activation: the descriptor (count and activation checked).
#pragma once

#include "frugal/frugal.h"

namespace frugal {

struct EltwiseProblem {
    frugal_eltwise_desc d;
};

frugal_status make_eltwise_problem(const frugal_eltwise_desc *desc, EltwiseProblem *out);

}  // namespace frugal
