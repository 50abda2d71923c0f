"""The closed loop (立案 → 派遣 → 处置 → 核查 → 结案 → 评价): services, selectors, log replay."""
