"""HTTP glue shared by the API functions: routes on Powertools with typed parameters, the one error
table, validation errors as API.md §1's body, the 404/405 route table, the OpenAPI document."""
