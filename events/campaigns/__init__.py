"""Tasks and campaigns for grid workers (door-to-door checks: 登革热蚊媒孳生地清查, 出租屋安全
排查, 九小场所消防检查), and the register data they collect once: a campaign's form, its tasks
on the workers of the grids concerned, task results, cases filed from findings, progress per
grid, community and street, the Breteau index, the register's change history and the scoped
read grants through which departments read it."""
