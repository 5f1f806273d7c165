"""The admin blueprint is `views.bp`; people.py adds the people pages to it (issue 15)."""

from web.blueprints.admin import analytics as analytics
from web.blueprints.admin import people as people
