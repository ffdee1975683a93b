# Costing models: time-driven activity-based costing (C module: lib/costing/costing.c).
# Thin layer: names in, named vectors and data frames out; arithmetic in C.

costing_model <- function() value_costing_new()

costing_add_resource <- function(model, name, cost, capacity_minutes, practical_fraction = 1)
  invisible(value_costing_add_resource(model, name, cost, capacity_minutes, practical_fraction) + 1L)

costing_add_driver <- function(model, name, default = 0)
  invisible(value_costing_add_driver(model, name, default) + 1L)

costing_add_process <- function(model, name)
  invisible(value_costing_add_process(model, name) + 1L)

costing_add_step <- function(model, process, resource, minutes, frequency = 1,
                             terms = NULL, cost = 0) {
  if (length(terms) && is.null(names(terms)))
    .stop("terms must be a numeric vector named by driver")
  item <- value_costing_add_step(model, process, resource, minutes, frequency)
  for (driver in names(terms))
    value_costing_add_step_term(model, process, item, driver, terms[[driver]])
  if (cost != 0) value_costing_add_step_cost(model, process, item, cost)
  invisible(item + 1L)
}

costing_add_consumable <- function(model, process, name, unit_cost, quantity = 1)
  invisible(value_costing_add_consumable(model, process, name, unit_cost, quantity) + 1L)

costing_add_subprocess <- function(model, process, sub, frequency = 1)
  invisible(value_costing_add_subprocess(model, process, sub, frequency) + 1L)

.costing_names <- function(model, which) {
  counts <- value_costing_counts(model)
  n <- counts[[paste0("out_", which)]]
  getter <- switch(which, resources = value_costing_resource_name,
                   drivers = value_costing_driver_name, processes = value_costing_process_name)
  vapply(seq_len(n) - 1L, function(i) getter(model, i), character(1))
}

costing_resources <- function(model) .costing_names(model, "resources")
costing_drivers <- function(model) .costing_names(model, "drivers")
costing_processes <- function(model) .costing_names(model, "processes")

costing_rate <- function(model, resource)
  vapply(resource, function(r) value_costing_resource_rate(model, r), numeric(1))

# NULL -> defaults; a vector named by driver (every driver), or unnamed in driver order.
.driver_values <- function(model, drivers) {
  if (is.null(drivers)) return(numeric(0))
  if (is.null(names(drivers))) return(as.numeric(drivers))
  dn <- costing_drivers(model)
  unknown <- setdiff(names(drivers), dn)
  if (length(unknown)) .unknown_name("driver", unknown[1], dn)
  missing <- setdiff(dn, names(drivers))
  if (length(missing)) .stop("drivers lacks '", missing[1], "': give every driver, or NULL for the defaults")
  as.numeric(drivers[dn])
}

costing_episode_cost <- function(model, process, drivers = NULL)
  value_costing_episode_cost(model, process, .driver_values(model, drivers))

costing_by_resource <- function(model, process, drivers = NULL) {
  res <- costing_resources(model)
  v <- value_costing_cost_by_resource(model, process, .driver_values(model, drivers), length(res) + 1)
  stats::setNames(v, c(res, "direct costs"))
}

costing_by_item <- function(model, process, drivers = NULL)
  value_costing_cost_by_item(model, process, .driver_values(model, drivers),
                             value_costing_process_items(model, process))

costing_compare <- function(model, a, b, drivers = NULL) {
  res <- costing_resources(model)
  v <- value_costing_compare(model, a, b, .driver_values(model, drivers), length(res) + 1)
  stats::setNames(v, c(res, "direct costs"))
}

costing_capacity <- function(model, volumes) {
  procs <- costing_processes(model)
  if (is.null(names(volumes))) .stop("volumes must be a numeric vector named by process")
  unknown <- setdiff(names(volumes), procs)
  if (length(unknown)) .unknown_name("process", unknown[1], procs)
  v <- stats::setNames(rep(0, length(procs)), procs)
  v[names(volumes)] <- volumes
  res <- costing_resources(model)
  out <- value_costing_capacity(model, unname(v), length(res))
  data.frame(resource = res, demand = out$out_demand, utilization = out$out_utilization,
             unused_minutes = out$out_unused_minutes, unused_cost = out$out_unused_cost)
}

# Cost per group (patient, process, ...) from logged (group, resource, minutes)
# records; resource by name.  Returns a vector named by the group's levels.
costing_log_costs <- function(model, group, resource, minutes) {
  if (anyNA(group)) .stop("group[", which(is.na(group))[1], "] is NA")
  g <- factor(group)
  known <- costing_resources(model)
  r <- match(as.character(resource), known)
  if (anyNA(r)) .unknown_name("resource", as.character(resource)[which(is.na(r))[1]], known)
  v <- value_costing_log_costs(model, as.integer(g) - 1L, r - 1L, minutes, max(1L, nlevels(g)))
  stats::setNames(v[seq_len(nlevels(g))], levels(g))
}

print.value_costing <- function(x, ...) {
  res <- costing_resources(x)
  cat(sprintf("<costing model: %d resources, %d drivers, %d processes>\n",
              length(res), length(costing_drivers(x)), length(costing_processes(x))))
  if (length(res))
    print(data.frame(resource = res, rate_per_minute = costing_rate(x, res), row.names = NULL))
  invisible(x)
}
