//! Entity kinds, in the ANERcorp scheme plus demonyms.

use std::fmt;

/// The kind of a named-entity mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// A person.
    Per,
    /// A place: country, city, region, natural feature.
    Loc,
    /// An organisation: ministry, company, agency, party, team.
    Org,
    /// Other named things: events, products, nationalities in ANERcorp's sense.
    Misc,
    /// A demonym or nationality adjective (الروسي), linked to its country.
    Norp,
}

impl EntityKind {
    /// The label written to the tables: `PER`, `LOC`, `ORG`, `MISC` or `NORP`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Per => "PER",
            Self::Loc => "LOC",
            Self::Org => "ORG",
            Self::Misc => "MISC",
            Self::Norp => "NORP",
        }
    }

    /// Parses a table label or an ANERcorp tag suffix (`PERS` is accepted for `PER`).
    #[must_use]
    pub fn parse(label: &str) -> Option<Self> {
        match label {
            "PER" | "PERS" => Some(Self::Per),
            "LOC" => Some(Self::Loc),
            "ORG" => Some(Self::Org),
            "MISC" => Some(Self::Misc),
            "NORP" => Some(Self::Norp),
            _ => None,
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::EntityKind;

    #[test]
    fn labels_round_trip() {
        for kind in [
            EntityKind::Per,
            EntityKind::Loc,
            EntityKind::Org,
            EntityKind::Misc,
            EntityKind::Norp,
        ] {
            assert_eq!(EntityKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EntityKind::parse("PERS"), Some(EntityKind::Per));
        assert_eq!(EntityKind::parse("O"), None);
    }
}
