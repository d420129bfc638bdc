from .low_vision import panel_groups, preferences_from_request


def low_vision(request):
    preferences = preferences_from_request(request)
    return {
        "low_vision": preferences,
        "low_vision_panel": panel_groups(preferences) if preferences else None,
    }
