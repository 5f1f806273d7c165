"""The admin blueprint is `views.bp`; people.py adds the people pages to it (issue 15), and
content.py the editors' pages (issue 16)."""

from web.blueprints.admin import content as content
from web.blueprints.admin import people as people
