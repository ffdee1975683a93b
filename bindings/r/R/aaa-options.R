# Named options (timing, kind, track, ...) from value.h's enums.  The
# generated aaa-lowlevel.R (which collates first) has a map per enum type,
# value_<enum> = c(option name = value) in value.h's order; the
# hand-written files take option names and values from those maps only,
# never a number of their own (tests/enum_literals.sh checks).  This file
# collates second, so the other files can use these at load time.

# The options users name, from a map: in value.h's order, or by_name in the
# alphabetical order of the C names; rename = c(option name = "the name
# users write") where the two differ; drop: options that are not (a count
# such as "n_items").
.options <- function(map, rename = character(), drop = character(), by_name = FALSE) {
  map <- map[!names(map) %in% drop]
  if (by_name) map <- map[order(toupper(names(map)))]
  hit <- names(map) %in% names(rename)
  names(map)[hit] <- rename[names(map)[hit]]
  map
}

# match.arg() of an option over names(map), with `first` (the function's
# default) moved to the front: the formals' c("first", ...) default, written
# in that order, selects it.  Returns the option's name; map[[name]] is its
# value.
.match_option <- function(arg, map, first = names(map)[1]) {
  choices <- c(first, setdiff(names(map), first))
  match.arg(arg, choices)
}

# The option name of a value from the C library.
.option_name <- function(map, value) names(map)[match(value, map)]

# The value of a named option; an unknown name is an error naming it and
# the nearest known one (.unknown_name(), R/aab-conditions.R).
.code <- function(table, value, what) {
  if (!is.character(value) || length(value) != 1 || is.na(value))
    .stop(what, " must be a single name, one of ", paste(sprintf("'%s'", utils::head(names(table), 5)), collapse = ", "),
          if (length(table) > 5) ", ..." else "")
  if (!(value %in% names(table))) .unknown_name(what, value, names(table))
  table[[value]]
}
