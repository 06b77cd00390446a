"""The Children and Young People's Partnership platform."""
