"""The staff's landing and navigation (issue 16): where each role lands, the personal menu,
the tenant's dashboard, requests kept out of navigation, the toolbar on requests, refusals in
another tenant, times in the site's zone."""
