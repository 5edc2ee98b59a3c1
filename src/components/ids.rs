//! Element ids that stay unique when several app instances share one page.
//!
//! The app names its elements with fixed, readable ids (`service-name`, `route-path-1`,
//! `verify-heading`); labels, `aria-*` references and error-summary links point at them. Two
//! instances showing the same screen would write the same ids, and each reference would resolve
//! in whichever instance comes first in the document. So every id that reaches the DOM goes
//! through its instance's [`IdScope`]; the app's own bookkeeping (field constants, error keys)
//! keeps the plain names.

use leptos::prelude::*;

/// The prefix of every element id one app instance writes. The first instance on a page has
/// none, so the standalone app's ids are the plain names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdScope {
    prefix: String,
}

impl IdScope {
    pub fn new(prefix: impl Into<String>) -> IdScope {
        IdScope {
            prefix: prefix.into(),
        }
    }

    /// The scope of the calling component's app instance. A component rendered on its own
    /// (outside `App`, as in component tests) uses the plain names.
    ///
    /// It reads the reactive context: call it while the component is created, and move the
    /// scope into event handlers that need ids later.
    pub fn current() -> IdScope {
        use_context::<IdScope>().unwrap_or_default()
    }

    /// The id in the page of the element the app calls `local`.
    pub fn id(&self, local: &str) -> String {
        format!("{}{local}", self.prefix)
    }
}

/// The prefix for an app instance mounted while instances with the `in_use` prefixes are: none
/// for the first, then `ksh2-`, `ksh3-`, … the lowest one free. An instance unmounted in
/// between frees its prefix, so counting the mounted instances could hand out a taken one.
pub fn free_prefix(in_use: &[&str]) -> String {
    let mut number = 1;
    loop {
        let prefix = if number == 1 {
            String::new()
        } else {
            format!("ksh{number}-")
        };
        if !in_use.contains(&prefix.as_str()) {
            return prefix;
        }
        number += 1;
    }
}

/// The id in the page of the element the app calls `local`, in the calling component's app
/// instance. Call it while the component is created (see [`IdScope::current`]).
pub fn dom_id(local: &str) -> String {
    IdScope::current().id(local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_prefixes_the_local_name() {
        assert_eq!(
            IdScope::new("ksh2-").id("service-name"),
            "ksh2-service-name"
        );
    }

    #[test]
    fn the_default_scope_keeps_the_local_name() {
        assert_eq!(IdScope::default().id("route-path-1"), "route-path-1");
        assert_eq!(IdScope::new("").id("route-path-1"), "route-path-1");
    }

    #[test]
    fn the_first_instance_keeps_plain_ids_and_the_next_ones_are_numbered() {
        assert_eq!(free_prefix(&[]), "");
        assert_eq!(free_prefix(&[""]), "ksh2-");
        assert_eq!(free_prefix(&["", "ksh2-"]), "ksh3-");
    }

    #[test]
    fn an_unmounted_instance_frees_its_prefix() {
        // The first instance was unmounted; the second is still there.
        assert_eq!(free_prefix(&["ksh2-"]), "");
        assert_eq!(free_prefix(&["", "ksh3-"]), "ksh2-");
    }

    #[test]
    fn outside_any_app_ids_are_the_local_names() {
        let owner = Owner::new();
        owner.with(|| assert_eq!(dom_id("verify-heading"), "verify-heading"));
    }

    #[test]
    fn inside_an_app_ids_carry_its_prefix() {
        let owner = Owner::new();
        owner.with(|| {
            provide_context(IdScope::new("ksh3-"));
            let child = Owner::new();
            child.with(|| assert_eq!(dom_id("verify-heading"), "ksh3-verify-heading"));
        });
    }
}
